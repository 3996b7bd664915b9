//! Opening, stamping, building and updating the index directory: a full
//! build, and updates that delete turns by segment or document id and add
//! turns, each moving the stamp one generation on.

use super::analyzer;
use super::dir::{self, io};
use super::schema::{self, Fields};
use super::sealed::{SealedDirectory, SealedFiles};
use super::{IndexError, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// Writer threads of a full build: more than four gains little at our
/// sizes and each costs its memory budget.
const MAX_THREADS: usize = 4;
/// Memory budget per writer thread of a full build.
const BUILD_BUDGET_PER_THREAD: usize = 64_000_000;
/// Budget of the one thread of a small update (tantivy's minimum is 15 MB).
const SMALL_BUDGET: usize = 20_000_000;

#[derive(Clone, Copy)]
enum Bulk {
    Build,
    Small,
}

/// Bump when the schema or the analysis changes: older indexes are rebuilt.
/// 2: nothing stored (no text, offsets or names), speakers by participant id.
pub const INDEX_VERSION: u32 = 2;

const STAMP: &str = "gloss-stamp.json";

/// One speaker turn to index: its text is analysed, never stored.
pub struct IndexDoc<'a> {
    pub seg_id: i64,
    pub doc_id: &'a str,
    pub participant: Option<i64>,
    pub lang: &'a str,
    /// Document position × 2³² + turn ordinal.
    pub order: u64,
    pub text: &'a str,
}

/// What an update removes before it adds.
#[derive(Debug, Default, Clone)]
pub struct Removal<'a> {
    /// Turns by segment id.
    pub turns: &'a [i64],
    /// Every turn of these documents.
    pub documents: &'a [&'a str],
}

/// A full build in progress: nothing is stamped (so nothing is taken for
/// current) until [`Builder::finish`].
pub struct Builder {
    index: SearchIndex,
    writer: IndexWriter,
    added: usize,
}

impl Builder {
    pub fn add(&mut self, d: &IndexDoc<'_>) -> Result<()> {
        self.writer.add_document(self.index.make_doc(d))?;
        self.added += 1;
        Ok(())
    }

    /// Turns added so far.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Commits, waits for merges, stamps the index with `generation`.
    pub fn finish(mut self, generation: u64) -> Result<SearchIndex> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        let s = self.index;
        s.reader.reload()?;
        s.write_stamp(generation)?;
        if let Place::Disk(d) = &s.place {
            dir::private_tree(d)?;
        }
        Ok(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    version: u32,
    project: String,
    generation: u64,
}

/// Where an index lives.
enum Place {
    /// A tantivy directory on disk (plain projects).
    Disk(PathBuf),
    /// In memory, every file also sealed (encrypted projects); the path is
    /// the directory the sealed file and the lock are kept at.
    Sealed(PathBuf, SealedDirectory),
}

/// Whether the stamp `bytes` says the index is this version's, of
/// `project`, at `generation`.
fn stamped(bytes: &[u8], project: &str, generation: u64) -> bool {
    let want = Stamp {
        version: INDEX_VERSION,
        project: project.to_string(),
        generation,
    };
    serde_json::from_slice::<Stamp>(bytes).is_ok_and(|s| s == want)
}

pub struct SearchIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    place: Place,
    project: String,
    /// The generation of the stamp this index was opened or last brought
    /// forward at.
    generation: std::sync::atomic::AtomicU64,
}

impl SearchIndex {
    /// Opens the index in `dir` if it exists, is readable and its stamp says
    /// it matches this project's `generation`; `None` means "rebuild". An
    /// index found readable by others is made owner-only.
    pub fn open(dir: &Path, project: &str, generation: u64) -> Option<SearchIndex> {
        if std::fs::symlink_metadata(dir).ok()?.is_dir() {
            dir::private_dir(dir).ok()?;
        }
        if !stamped(&std::fs::read(dir.join(STAMP)).ok()?, project, generation) {
            return None;
        }
        let index = Index::open_in_dir(dir).ok()?;
        let opened = Self::opened(index, Place::Disk(dir.to_path_buf()), project, generation)?;
        // Opening may have created tantivy's lock files.
        dir::private_tree(dir).ok()?;
        Some(opened)
    }

    /// Opens the sealed index of an encrypted project (its files in
    /// `files`, its lock beside `dir`) if its stamp says it matches this
    /// project's `generation`; `None` means "rebuild".
    pub fn open_sealed(
        dir: &Path,
        files: Arc<dyn SealedFiles>,
        project: &str,
        generation: u64,
    ) -> Option<SearchIndex> {
        if !stamped(&files.get(STAMP).ok()??, project, generation) {
            return None;
        }
        let sealed = SealedDirectory::load(files).ok()?;
        let index = Index::open(sealed.clone()).ok()?;
        Self::opened(
            index,
            Place::Sealed(dir.to_path_buf(), sealed),
            project,
            generation,
        )
    }

    /// An index opened: its schema checked, its reader made, every segment
    /// touched once (so a corrupt file shows now, not mid-search).
    fn opened(index: Index, place: Place, project: &str, generation: u64) -> Option<SearchIndex> {
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
        let searcher = reader.searcher();
        for seg in searcher.segment_readers() {
            seg.inverted_index(fields.body).ok()?;
        }
        Some(SearchIndex {
            index,
            reader,
            fields,
            place,
            project: project.to_string(),
            generation: generation.into(),
        })
    }

    /// Starts a fresh index in `dir` (whatever was there, directory or
    /// not, is removed); turns are fed to the [`Builder`], which stamps the
    /// index when it finishes. The caller holds the exclusive [`IndexLock`].
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn build(dir: &Path, project: &str) -> Result<Builder> {
        dir::remove_any(dir)?;
        dir::private_dir(dir)?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(dir, schema)?;
        Self::builder(index, fields, Place::Disk(dir.to_path_buf()), project)
    }

    /// Starts a fresh sealed index (an encrypted project's): whatever was
    /// sealed in `files` is removed first. The caller holds the exclusive
    /// [`IndexLock`] of `dir`.
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn build_sealed(dir: &Path, files: Arc<dyn SealedFiles>, project: &str) -> Result<Builder> {
        let sealed = SealedDirectory::empty(files);
        sealed.clear().map_err(io(dir))?;
        let (schema, fields) = schema::build();
        let index = Index::create(sealed.clone(), schema, tantivy::IndexSettings::default())?;
        Self::builder(
            index,
            fields,
            Place::Sealed(dir.to_path_buf(), sealed),
            project,
        )
    }

    fn builder(index: Index, fields: Fields, place: Place, project: &str) -> Result<Builder> {
        analyzer::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let s = SearchIndex {
            index,
            reader,
            fields,
            place,
            project: project.to_string(),
            generation: u64::MAX.into(),
        };
        let writer = s.writer(Bulk::Build)?;
        Ok(Builder {
            index: s,
            writer,
            added: 0,
        })
    }

    /// Adds turns (newly imported documents) and moves the stamp to
    /// `generation`. The caller holds the exclusive [`IndexLock`].
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn add<'a>(&self, docs: impl Iterator<Item = IndexDoc<'a>>, generation: u64) -> Result<()> {
        self.update(&Removal::default(), docs, true, generation)
    }

    /// Removes turns (by segment or document id), then adds `docs`, in one
    /// commit, and moves the stamp to `generation`; `large` when many turns
    /// are added (a writer thread per core), else one thread with a small
    /// budget. The caller holds the exclusive [`IndexLock`].
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn update<'a>(
        &self,
        removal: &Removal<'_>,
        docs: impl Iterator<Item = IndexDoc<'a>>,
        large: bool,
        generation: u64,
    ) -> Result<()> {
        let mut writer = self.writer(if large { Bulk::Build } else { Bulk::Small })?;
        let f = &self.fields;
        for id in removal.turns {
            writer.delete_term(Term::from_field_u64(f.seg_id, *id as u64));
        }
        for id in removal.documents {
            writer.delete_term(Term::from_field_text(f.doc_id, id));
        }
        for d in docs {
            writer.add_document(self.make_doc(&d))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.write_stamp(generation)?;
        match &self.place {
            Place::Disk(d) => dir::private_tree(d),
            _ => Ok(()),
        }
    }

    /// The corpus order key of every turn of a document, by segment id, as
    /// the index holds them.
    pub fn turn_orders(&self, doc_id: &str) -> Result<std::collections::HashMap<i64, u64>> {
        let searcher = self.reader.searcher();
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.doc_id, doc_id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut columns = std::collections::HashMap::new();
        let mut out = std::collections::HashMap::new();
        for addr in found {
            let (seg, order) = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let ff = searcher.segment_reader(addr.segment_ord).fast_fields();
                    v.insert((ff.u64("seg_id")?, ff.u64("order")?))
                }
            };
            if let (Some(s), Some(o)) = (seg.first(addr.doc_id), order.first(addr.doc_id)) {
                out.insert(s as i64, o);
            }
        }
        Ok(out)
    }

    /// A writer for a full build (every core up to four, a memory budget
    /// that keeps the corpus in few segments) or for a small update (one
    /// thread, the smallest budget).
    fn writer(&self, bulk: Bulk) -> Result<IndexWriter> {
        let threads = match bulk {
            Bulk::Build => std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, MAX_THREADS),
            Bulk::Small => 1,
        };
        let per_thread = match bulk {
            Bulk::Build => BUILD_BUDGET_PER_THREAD,
            Bulk::Small => SMALL_BUDGET,
        };
        Ok(self
            .index
            .writer_with_num_threads(threads, threads * per_thread)?)
    }

    fn make_doc(&self, d: &IndexDoc<'_>) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.seg_id, d.seg_id as u64);
        doc.add_text(f.doc_id, d.doc_id);
        if let Some(p) = d.participant {
            doc.add_u64(f.participant, p as u64);
        }
        doc.add_text(f.lang, d.lang);
        doc.add_u64(f.order, d.order);
        doc.add_text(f.body, d.text);
        match d.lang {
            "fr" => doc.add_text(f.stem_fr, d.text),
            "en" => doc.add_text(f.stem_en, d.text),
            _ => {}
        }
        doc
    }

    /// The generation this index holds (its stamp when opened or last
    /// brought forward).
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// When the stamp on disk says the directory now holds `generation`
    /// (brought forward by this or another process), the reader moves to
    /// it; returns whether the index now holds `generation`. The caller
    /// holds the shared [`IndexLock`].
    ///
    /// [`IndexLock`]: super::IndexLock
    pub fn follow(&self, generation: u64) -> bool {
        if self.generation() == generation {
            return true;
        }
        let on_disk = match &self.place {
            Place::Disk(d) => std::fs::read(d.join(STAMP)).ok(),
            Place::Sealed(_, sealed) => sealed.read_extra(STAMP).ok().flatten(),
        };
        if !on_disk.is_some_and(|b| stamped(&b, &self.project, generation)) {
            return false;
        }
        if let Place::Sealed(_, sealed) = &self.place {
            if sealed.refresh().is_err() {
                return false;
            }
        }
        if self.reader.reload().is_err() {
            return false;
        }
        self.generation
            .store(generation, std::sync::atomic::Ordering::Release);
        true
    }

    fn write_stamp(&self, generation: u64) -> Result<()> {
        let stamp = Stamp {
            version: INDEX_VERSION,
            project: self.project.clone(),
            generation,
        };
        let bytes = serde_json::to_vec(&stamp).map_err(|e| IndexError::Query(e.to_string()))?;
        match &self.place {
            Place::Disk(d) => {
                let tmp = d.join(format!("{STAMP}.tmp"));
                dir::write_private(&tmp, &bytes)?;
                std::fs::rename(&tmp, d.join(STAMP)).map_err(io(d))?;
            }
            Place::Sealed(d, sealed) => sealed.write_extra(STAMP, &bytes).map_err(io(d))?,
        }
        self.generation
            .store(generation, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    /// Number of turns in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of tantivy segments searched.
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the index (or, sealed, its encrypted file) lives on disk; its
    /// lock is beside it.
    pub fn dir(&self) -> &Path {
        match &self.place {
            Place::Disk(d) | Place::Sealed(d, _) => d,
        }
    }

    /// Whether the index is sealed (an encrypted project's).
    pub fn is_sealed(&self) -> bool {
        matches!(self.place, Place::Sealed(..))
    }
}
