//! Fields of an index document (one speaker turn).

use super::analyzer;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

#[derive(Clone, Copy)]
pub struct Fields {
    pub seg_id: Field,
    pub doc_id: Field,
    pub doc_name: Field,
    pub speaker: Field,
    pub speaker_name: Field,
    pub lang: Field,
    pub start_char: Field,
    pub time_ms: Field,
    /// Document position × 2³² + turn ordinal: order in the corpus.
    pub order: Field,
    pub body: Field,
    pub stem_fr: Field,
    pub stem_en: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let num = || NumericOptions::default() | INDEXED | FAST | STORED;
    let text = |tokenizer: &str, positions: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        )
    };
    let fields = Fields {
        seg_id: b.add_u64_field("seg_id", num()),
        doc_id: b.add_text_field("doc_id", STRING | STORED),
        doc_name: b.add_text_field("doc_name", STORED),
        speaker: b.add_text_field("speaker", text(analyzer::KEYWORD, false)),
        speaker_name: b.add_text_field("speaker_name", STORED),
        lang: b.add_text_field("lang", text(analyzer::KEYWORD, false) | STORED),
        start_char: b.add_u64_field("start_char", NumericOptions::default() | FAST | STORED),
        time_ms: b.add_i64_field("time_ms", NumericOptions::default() | STORED),
        order: b.add_u64_field("order", NumericOptions::default() | FAST),
        body: b.add_text_field("body", text(analyzer::FOLD, true) | STORED),
        stem_fr: b.add_text_field("stem_fr", text(analyzer::STEM_FR, false)),
        stem_en: b.add_text_field("stem_en", text(analyzer::STEM_EN, false)),
    };
    (b.build(), fields)
}
