//! Fields of an index document (one speaker turn). Nothing is STORED: the
//! index holds the analysed terms of a turn and the keys that tie it to the
//! project (its segment, document and participant ids), never its text,
//! its offsets or any name; hits take those from the project at query time.
//! Positions are kept only where phrase queries need them (`body`).

use super::analyzer;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STRING,
};

#[derive(Clone, Copy)]
pub struct Fields {
    /// `segments.id`: stable for a turn's life; what edits delete by.
    pub seg_id: Field,
    pub doc_id: Field,
    /// `participants.id` of the turn's speaker (`speaker:` resolves names
    /// to ids in the project, so a renamed speaker needs no re-indexing).
    pub participant: Field,
    pub lang: Field,
    /// Document position × 2³² + turn ordinal: order in the corpus (kept in
    /// step with the project when turns are split or joined).
    pub order: Field,
    pub body: Field,
    pub stem_fr: Field,
    pub stem_en: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(option),
        )
    };
    let fields = Fields {
        seg_id: b.add_u64_field("seg_id", NumericOptions::default() | INDEXED | FAST),
        doc_id: b.add_text_field("doc_id", STRING),
        participant: b.add_u64_field("participant", INDEXED),
        lang: b.add_text_field("lang", text(analyzer::KEYWORD, IndexRecordOption::Basic)),
        order: b.add_u64_field("order", FAST),
        body: b.add_text_field(
            "body",
            text(analyzer::FOLD, IndexRecordOption::WithFreqsAndPositions),
        ),
        stem_fr: b.add_text_field(
            "stem_fr",
            text(analyzer::STEM_FR, IndexRecordOption::WithFreqs),
        ),
        stem_en: b.add_text_field(
            "stem_en",
            text(analyzer::STEM_EN, IndexRecordOption::WithFreqs),
        ),
    };
    (b.build(), fields)
}
