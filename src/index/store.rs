//! Opening, stamping, building and updating the index directory.

use super::analyzer;
use super::dir::{self, io};
use super::schema::{self, Fields};
use super::{IndexError, Result};
use std::path::{Path, PathBuf};
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

/// Bump when the schema or the analysis changes: older indexes are rebuilt.
pub const INDEX_VERSION: u32 = 1;

const STAMP: &str = "gloss-stamp.json";
const WRITER_BUDGET: usize = 96_000_000;

/// One speaker turn to index.
pub struct IndexDoc<'a> {
    pub seg_id: i64,
    pub doc_id: &'a str,
    pub doc_name: &'a str,
    pub speaker: Option<&'a str>,
    pub lang: &'a str,
    pub start_char: usize,
    pub time_ms: Option<u64>,
    pub order: u64,
    pub text: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    version: u32,
    project: String,
    generation: u64,
}

pub struct SearchIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    dir: PathBuf,
    project: String,
}

impl SearchIndex {
    /// Opens the index in `dir` if it exists, is readable and its stamp says
    /// it matches this project's `generation`; `None` means "rebuild". An
    /// index found readable by others is made owner-only.
    pub fn open(dir: &Path, project: &str, generation: u64) -> Option<SearchIndex> {
        if std::fs::symlink_metadata(dir).ok()?.is_dir() {
            dir::private_dir(dir).ok()?;
        }
        let stamp: Stamp = serde_json::from_slice(&std::fs::read(dir.join(STAMP)).ok()?).ok()?;
        let want = Stamp {
            version: INDEX_VERSION,
            project: project.to_string(),
            generation,
        };
        if stamp != want {
            return None;
        }
        let index = Index::open_in_dir(dir).ok()?;
        let (expected, fields) = schema::build();
        if index.schema() != expected {
            return None;
        }
        analyzer::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .ok()?;
        // Touch every segment once so a corrupt file shows now, not mid-search.
        let searcher = reader.searcher();
        for seg in searcher.segment_readers() {
            seg.inverted_index(fields.body).ok()?;
        }
        // Opening may have created tantivy's lock files.
        dir::private_tree(dir).ok()?;
        Some(SearchIndex {
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
            project: project.to_string(),
        })
    }

    /// Builds a fresh index in `dir` (whatever was there, directory or
    /// not, is removed) from `docs`; `progress(done)` is called every few
    /// thousand turns. The caller holds the exclusive [`IndexLock`].
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn rebuild<'a>(
        dir: &Path,
        project: &str,
        generation: u64,
        docs: impl Iterator<Item = IndexDoc<'a>>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<SearchIndex> {
        dir::remove_any(dir)?;
        dir::private_dir(dir)?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(dir, schema)?;
        analyzer::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let s = SearchIndex {
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
            project: project.to_string(),
        };
        let mut writer: IndexWriter = s.index.writer(WRITER_BUDGET)?;
        let mut n = 0;
        for d in docs {
            writer.add_document(s.make_doc(&d))?;
            n += 1;
            if n % 5000 == 0 {
                progress(n);
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        s.reader.reload()?;
        s.write_stamp(generation)?;
        dir::private_tree(dir)?;
        progress(n);
        Ok(s)
    }

    /// Adds turns (newly imported documents) and moves the stamp to
    /// `generation`. The caller holds the exclusive [`IndexLock`].
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn add<'a>(&self, docs: impl Iterator<Item = IndexDoc<'a>>, generation: u64) -> Result<()> {
        let mut writer: IndexWriter = self.index.writer(WRITER_BUDGET)?;
        for d in docs {
            writer.add_document(self.make_doc(&d))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.write_stamp(generation)?;
        dir::private_tree(&self.dir)
    }

    fn make_doc(&self, d: &IndexDoc<'_>) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.seg_id, d.seg_id as u64);
        doc.add_text(f.doc_id, d.doc_id);
        doc.add_text(f.doc_name, d.doc_name);
        if let Some(s) = d.speaker {
            doc.add_text(f.speaker, s);
            doc.add_text(f.speaker_name, s);
        }
        doc.add_text(f.lang, d.lang);
        doc.add_u64(f.start_char, d.start_char as u64);
        if let Some(t) = d.time_ms {
            doc.add_i64(f.time_ms, t as i64);
        }
        doc.add_u64(f.order, d.order);
        doc.add_text(f.body, d.text);
        match d.lang {
            "fr" => doc.add_text(f.stem_fr, d.text),
            "en" => doc.add_text(f.stem_en, d.text),
            _ => {}
        }
        doc
    }

    fn write_stamp(&self, generation: u64) -> Result<()> {
        let stamp = Stamp {
            version: INDEX_VERSION,
            project: self.project.clone(),
            generation,
        };
        let tmp = self.dir.join(format!("{STAMP}.tmp"));
        let bytes = serde_json::to_vec(&stamp).map_err(|e| IndexError::Query(e.to_string()))?;
        dir::write_private(&tmp, &bytes)?;
        std::fs::rename(&tmp, self.dir.join(STAMP)).map_err(io(&self.dir))?;
        Ok(())
    }

    /// Number of turns in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
