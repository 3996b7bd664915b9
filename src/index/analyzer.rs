//! Text analysis: accents and case folded for every language (the `body`
//! field, exact words and phrases); French and English stemming on separate
//! fields, so `école` finds `écoles` while exact matching stays available.

use std::collections::HashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
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
        .filter(CachedStem(lang))
        .build()
}

/// The same analysis as [`stem`] without its cache, for one-off texts (a
/// query, one turn to highlight), where building the cache costs more than
/// it saves.
pub fn stem_once(lang: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(Stemmer::new(lang))
        .filter(AsciiFoldingFilter)
        .build()
}

/// The stem and fold of one lowercased word, without a cache.
fn stem_one(lang: Language) -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(lang))
        .filter(AsciiFoldingFilter)
        .build()
}

/// Stems then folds lowercased tokens, as `Stemmer` followed by
/// `AsciiFoldingFilter` do, remembering each word's result: transcripts
/// use few distinct words, and Snowball was a quarter of the indexing
/// time. The cache lives in the analyzer (one per indexing thread) and is
/// emptied when it reaches [`STEM_CACHE_MAX`] words.
#[derive(Clone, Copy)]
struct CachedStem(Language);

const STEM_CACHE_MAX: usize = 200_000;

impl TokenFilter for CachedStem {
    type Tokenizer<T: Tokenizer> = CachedStemFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemFilter<T> {
        CachedStemFilter {
            inner,
            stem: stem_one(self.0),
            cache: HashMap::new(),
        }
    }
}

#[derive(Clone)]
struct CachedStemFilter<T> {
    inner: T,
    stem: TextAnalyzer,
    cache: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            stem: &mut self.stem,
            cache: &mut self.cache,
        }
    }
}

struct CachedStemStream<'a, T> {
    tail: T,
    stem: &'a mut TextAnalyzer,
    cache: &'a mut HashMap<String, String>,
}

impl<T: TokenStream> TokenStream for CachedStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(s) = self.cache.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(s);
            return true;
        }
        let mut out = None;
        self.stem
            .token_stream(&token.text)
            .process(&mut |t| out = Some(t.text.clone()));
        let out = out.unwrap_or_default();
        if self.cache.len() >= STEM_CACHE_MAX {
            self.cache.clear();
        }
        self.cache
            .insert(std::mem::replace(&mut token.text, out.clone()), out);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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
        // The cache answers as the stemmer does, the second time too.
        for _ in 0..2 {
            assert_eq!(
                analyse_all(&mut fr, "Écoles écoles ÉCOLE scolaires"),
                analyse_all(
                    &mut stem_once(Language::French),
                    "Écoles écoles ÉCOLE scolaires"
                )
            );
        }
        let mut en = stem(Language::English);
        assert_eq!(analyse_word(&mut en, "children"), Some("children".into()));
        assert_eq!(analyse_word(&mut en, "fees"), analyse_word(&mut en, "fee"));
        assert_eq!(
            analyse_word(&mut keyword(), "Participante 1"),
            Some("participante 1".into())
        );
    }
}
