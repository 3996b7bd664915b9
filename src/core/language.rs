//! Guessing a document's language from its text. whatlang covers French and
//! English well but knows neither Swahili nor Lingala, which our field teams
//! transcribe, so a small stop-word vote runs first for those two.

/// ISO 639-1 code of the text's main language, or `None` when unsure.
pub fn detect(text: &str) -> Option<String> {
    // A sample is enough and keeps this cheap on huge documents.
    let sample: String = text.chars().take(20_000).collect();
    let words: Vec<String> = sample
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 5 {
        return None;
    }
    let share = |list: &[&str]| {
        words.iter().filter(|w| list.contains(&w.as_str())).count() as f64 / words.len() as f64
    };
    let swahili = share(SWAHILI);
    let lingala = share(LINGALA);
    if swahili.max(lingala) > 0.12 {
        return Some(if swahili >= lingala { "sw" } else { "ln" }.to_string());
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso639_1(info.lang().code()).to_string())
}

/// Normalises a user-given or source-given language tag (`fr-FR`, `French`,
/// `fra`) to a short lowercase code.
pub fn normalize(tag: &str) -> String {
    let t = tag.trim().to_lowercase();
    let base = t.split(['-', '_']).next().unwrap_or("").to_string();
    let named = match base.as_str() {
        "french" | "français" | "francais" => "fr",
        "english" | "anglais" => "en",
        "swahili" | "kiswahili" => "sw",
        "lingala" => "ln",
        other => other,
    };
    iso639_1(named).to_string()
}

fn iso639_1(code: &str) -> &str {
    match code {
        "fra" | "fre" => "fr",
        "eng" => "en",
        "swa" | "swh" => "sw",
        "lin" => "ln",
        "por" => "pt",
        "spa" => "es",
        "deu" | "ger" => "de",
        "nld" | "dut" => "nl",
        "ita" => "it",
        other => other,
    }
}

const SWAHILI: &[&str] = &[
    "na", "ya", "wa", "kwa", "ni", "za", "hii", "hiyo", "sana", "lakini", "kama", "watoto",
    "mtoto", "sisi", "wao", "yeye", "mimi", "wewe", "hapana", "ndiyo", "tuna", "kuna", "pia",
    "shule", "kazi", "pesa", "tunaenda", "hakuna", "bado", "nini", "gani", "wale", "huyu",
];

const LINGALA: &[&str] = &[
    "na", "ya", "ezali", "te", "mpo", "nini", "bato", "mwana", "bana", "ngai", "yo", "ye", "biso",
    "bango", "kasi", "mosala", "mbongo", "lokola", "boye", "wapi", "ndenge", "eloko", "tozali",
    "ozali", "nazali", "kelasi", "mama", "tata", "malamu",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_study_languages() {
        assert_eq!(
            detect("Nous travaillons à la mine depuis le matin et les enfants viennent avec nous pour laver les pierres.").as_deref(),
            Some("fr")
        );
        assert_eq!(
            detect("We work at the site from early morning and the children come with us to wash the stones.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("Watoto wanaenda kazi ya mgodi kwa sababu hakuna pesa ya shule, na sisi tunaogopa sana.").as_deref(),
            Some("sw")
        );
        assert_eq!(detect("ok"), None);
    }

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize("fr-FR"), "fr");
        assert_eq!(normalize("French"), "fr");
        assert_eq!(normalize("swa"), "sw");
        assert_eq!(normalize("EN"), "en");
    }
}
