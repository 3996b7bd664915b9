//! Running a parsed query against the index: tantivy queries built from the
//! AST, exact totals, top hits by relevance or by position, as segment ids.
//! The index holds no text: the caller takes each hit's turn from the
//! project and finds the matches in it with [`super::matches`].

use super::analyzer;
use super::store::SearchIndex;
use super::Result;
use crate::core::query::{Clause, Filter, Query};
use crate::core::CharRange;
use std::collections::HashMap;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, Term};

/// Filters that need the project to resolve (`doc:` and `code:`), keyed by
/// the value written in the query.
#[derive(Debug, Default, Clone)]
pub struct SearchFilters {
    /// `doc:VALUE` → the ids of the documents it names.
    pub docs: HashMap<String, Vec<String>>,
    /// `code:VALUE` → the segments holding a coding of that code (or its
    /// sub-codes).
    pub codes: HashMap<String, Vec<u64>>,
    /// `speaker:VALUE` → the participants of that name (folded, as the
    /// query is).
    pub speakers: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    #[default]
    Relevance,
    Position,
}

#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub order: SearchOrder,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            offset: 0,
            order: SearchOrder::Relevance,
        }
    }
}

/// A matching turn, as the project holds it now.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub seg_id: i64,
    pub doc_id: String,
    pub doc_name: String,
    pub speaker: Option<String>,
    pub time_ms: Option<u64>,
    /// Char range of the turn in its document.
    pub turn: CharRange,
    /// The turn's text.
    pub text: String,
    /// Char ranges of the matched words, in the document.
    pub matches: Vec<CharRange>,
    pub score: f32,
}

/// What the index found: the matching turns by segment id, best first (or
/// in corpus order).
#[derive(Debug, Clone)]
pub struct Found {
    /// Number of matching turns (exact).
    pub total: usize,
    /// (segment id, score) of the requested page.
    pub hits: Vec<(i64, f32)>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResult {
    /// Number of matching turns (exact).
    pub total: usize,
    pub hits: Vec<Hit>,
}

impl SearchIndex {
    pub fn search(
        &self,
        q: &Query,
        filters: &SearchFilters,
        opts: &SearchOptions,
    ) -> Result<Found> {
        let query = self.query(q, filters);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(opts.limit.max(1)).and_offset(opts.offset);
        let (total, addrs): (usize, Vec<(f32, DocAddress)>) = match opts.order {
            SearchOrder::Relevance => searcher.search(&query, &(Count, top.order_by_score()))?,
            SearchOrder::Position => {
                let (n, docs) = searcher.search(
                    &query,
                    &(Count, top.order_by_u64_field("order", Order::Asc)),
                )?;
                (n, docs.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        };
        let mut columns = HashMap::new();
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs.into_iter().take(opts.limit) {
            let column = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("seg_id")?,
                ),
            };
            if let Some(seg) = column.first(addr.doc_id) {
                hits.push((seg as i64, score));
            }
        }
        Ok(Found { total, hits })
    }

    fn query(&self, q: &Query, filters: &SearchFilters) -> Box<dyn TQuery> {
        let mut must: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for conj in &q.all_of {
            let mut alts: Vec<Box<dyn TQuery>> = conj
                .any_of
                .iter()
                .map(|c| self.clause(c, filters))
                .collect();
            let one = if alts.len() == 1 {
                alts.remove(0)
            } else {
                Box::new(BooleanQuery::new(
                    alts.into_iter().map(|a| (Occur::Should, a)).collect(),
                ))
            };
            must.push((
                if conj.negated {
                    Occur::MustNot
                } else {
                    Occur::Must
                },
                one,
            ));
        }
        Box::new(BooleanQuery::new(must))
    }

    fn clause(&self, c: &Clause, filters: &SearchFilters) -> Box<dyn TQuery> {
        let f = &self.fields;
        let mut fold = analyzer::fold();
        match c {
            Clause::Word {
                text,
                prefix,
                fuzzy,
            } => {
                let toks = analyzer::analyse_all(&mut fold, text);
                if toks.len() > 1 && !*prefix && fuzzy.is_none() {
                    return self.phrase(&toks, 0);
                }
                let Some(w) = toks.into_iter().next() else {
                    return Box::new(EmptyQuery);
                };
                let exact = Term::from_field_text(f.body, &w);
                if *prefix {
                    return Box::new(FuzzyTermQuery::new_prefix(exact, 0, true));
                }
                if let Some(d) = fuzzy {
                    return Box::new(BooleanQuery::new(vec![
                        (
                            Occur::Should,
                            Box::new(FuzzyTermQuery::new(exact.clone(), *d, true)),
                        ),
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(
                                Box::new(TermQuery::new(exact, IndexRecordOption::WithFreqs)),
                                2.0,
                            )),
                        ),
                    ]));
                }
                let mut alts: Vec<(Occur, Box<dyn TQuery>)> = vec![(
                    Occur::Should,
                    Box::new(TermQuery::new(exact, IndexRecordOption::WithFreqs)),
                )];
                for (field, lang) in [
                    (f.stem_fr, tantivy::tokenizer::Language::French),
                    (f.stem_en, tantivy::tokenizer::Language::English),
                ] {
                    if let Some(s) = analyzer::analyse_word(&mut analyzer::stem_once(lang), text) {
                        alts.push((
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(field, &s),
                                IndexRecordOption::WithFreqs,
                            )),
                        ));
                    }
                }
                Box::new(BooleanQuery::new(alts))
            }
            Clause::Phrase { words, slop } => {
                let toks = analyzer::analyse_all(&mut fold, &words.join(" "));
                self.phrase(&toks, *slop)
            }
            Clause::Filter { field, value } => match field {
                Filter::Lang => {
                    let v =
                        analyzer::analyse_word(&mut analyzer::keyword(), value).unwrap_or_default();
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.lang, &v),
                        IndexRecordOption::Basic,
                    ))
                }
                Filter::Speaker => Box::new(TermSetQuery::new(
                    filters
                        .speakers
                        .get(value)
                        .into_iter()
                        .flatten()
                        .map(|id| Term::from_field_u64(f.participant, *id as u64)),
                )),
                Filter::Doc => Box::new(TermSetQuery::new(
                    filters
                        .docs
                        .get(value)
                        .into_iter()
                        .flatten()
                        .map(|id| Term::from_field_text(f.doc_id, id)),
                )),
                Filter::Code => Box::new(TermSetQuery::new(
                    filters
                        .codes
                        .get(value)
                        .into_iter()
                        .flatten()
                        .map(|id| Term::from_field_u64(f.seg_id, *id)),
                )),
            },
        }
    }

    fn phrase(&self, toks: &[String], slop: u32) -> Box<dyn TQuery> {
        let f = &self.fields;
        match toks {
            [] => Box::new(EmptyQuery),
            [one] => Box::new(TermQuery::new(
                Term::from_field_text(f.body, one),
                IndexRecordOption::WithFreqs,
            )),
            many => {
                let mut p = PhraseQuery::new(
                    many.iter()
                        .map(|t| Term::from_field_text(f.body, t))
                        .collect(),
                );
                p.set_slop(slop);
                Box::new(p)
            }
        }
    }
}
