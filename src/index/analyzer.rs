//! Text analysis: accents and case folded for every language (the `body`
//! field, exact words and phrases); French and English stemming on separate
//! fields, so `école` finds `écoles` while exact matching stays available.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};

pub const FOLD: &str = "gloss_fold";
pub const STEM_FR: &str = "gloss_stem_fr";
pub const STEM_EN: &str = "gloss_stem_en";
/// Keyword fields (speaker, language): whole value, lowercased and folded.
pub const KEYWORD: &str = "gloss_keyword";

pub fn fold() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Snowball's French stemmer expects accented input, so it runs before folding.
pub fn stem(lang: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(Stemmer::new(lang))
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn register(m: &TokenizerManager) {
    m.register(FOLD, fold());
    m.register(STEM_FR, stem(Language::French));
    m.register(STEM_EN, stem(Language::English));
    m.register(KEYWORD, keyword());
}

/// The analysed form of one query word (its first token), if any.
pub fn analyse_word(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    let mut out = None;
    stream.process(&mut |t| {
        if out.is_none() {
            out = Some(t.text.clone());
        }
    });
    out
}

/// All analysed tokens of a text (for phrases written with punctuation).
pub fn analyse_all(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |t| out.push(t.text.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_stems() {
        assert_eq!(analyse_word(&mut fold(), "École"), Some("ecole".into()));
        assert_eq!(
            analyse_all(&mut fold(), "l'eau, Ça"),
            vec!["l", "eau", "ca"]
        );
        let mut fr = stem(Language::French);
        assert_eq!(
            analyse_word(&mut fr, "écoles"),
            analyse_word(&mut fr, "école")
        );
        assert_eq!(
            analyse_word(&mut fr, "scolaires"),
            analyse_word(&mut fr, "scolaire")
        );
        let mut en = stem(Language::English);
        assert_eq!(analyse_word(&mut en, "children"), Some("children".into()));
        assert_eq!(analyse_word(&mut en, "fees"), analyse_word(&mut en, "fee"));
        assert_eq!(
            analyse_word(&mut keyword(), "Participante 1"),
            Some("participante 1".into())
        );
    }
}
