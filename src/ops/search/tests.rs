//! The index following edits: a real project file in a temporary directory,
//! edited in one transaction as the edit operations do (text, turn rows,
//! [`turns_changed`]), then [`reindex_turns_at`] after the commit, and a
//! real tantivy index in another temporary directory.

use super::*;
use crate::core::text::{char_slice, TextBuilder};
use crate::store::documents::{NewDocument, NewSegment};
use std::path::PathBuf;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    index_dir: PathBuf,
    doc: DocumentId,
}

/// A project holding one document whose turns are `turns` (speaker, speech),
/// written `SPEAKER: speech` a paragraph each, and its index.
fn fixture(turns: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = crate::ops::project::init(&dir.path().join("p.gloss"), "amani").expect("init");
    let mut b = TextBuilder::new();
    let mut segments = Vec::new();
    for (speaker, speech) in turns {
        b.push(speaker);
        b.push(": ");
        let range = b.push(speech);
        b.push("\n\n");
        segments.push(NewSegment {
            range,
            speaker: Some(speaker),
            time_ms: None,
            end_ms: None,
            verified: true,
        });
    }
    let text = b.finish();
    let tx = store.begin().expect("begin");
    let doc = documents::insert(
        &tx,
        &NewDocument {
            name: "kasulu",
            text: &text,
            language: "fr",
            source_format: "text",
            source_path: None,
            encoding: "utf-8",
            content_hash: "h",
            segments,
        },
    )
    .expect("insert");
    documents_added(&tx).expect("generation");
    tx.commit().expect("commit");
    let index_dir = dir.path().join("index");
    ensure_index_at(&store, &index_dir, &mut |_, _| {}).expect("index");
    Fixture {
        _dir: dir,
        store,
        index_dir,
        doc,
    }
}

impl Fixture {
    fn text(&self) -> String {
        documents::get(self.store.conn(), &self.doc)
            .expect("doc")
            .text
    }

    fn turns(&self) -> Vec<crate::core::Segment> {
        documents::segments(self.store.conn(), &self.doc).expect("segments")
    }

    /// Replaces the chars `[a, b)` of the text by `new`, inside turn
    /// `turn` (by rank), through the edit operations (one revision, one
    /// transaction that moves the generation). Returns the generation it
    /// moved from.
    fn edit(&mut self, turn: usize, a: usize, b: usize, new: &str) -> (u64, SegmentId) {
        let seg = self.turns()[turn].clone();
        assert!(
            seg.range.start <= a && b <= seg.range.end,
            "inside the turn"
        );
        let dt = crate::ops::text::load(&self.store, &self.doc).expect("load");
        let plan = crate::ops::text::plan_replace(&self.store, &dt, a, b, new).expect("plan");
        let r = crate::ops::edit::apply_deferred(
            &mut self.store,
            &crate::core::history::Change::EditText(Box::new(plan)),
        )
        .expect("edit")
        .expect("a text edit re-indexes");
        assert_eq!(
            r.changed,
            [seg.id],
            "the edited turn is the one to re-index"
        );
        (r.previous, seg.id)
    }

    /// Splits turn `turn` (by rank) at char `at`, the second part given to
    /// `speaker`, in one transaction. Returns the generation moved from,
    /// the turn and the new turn.
    fn split(&mut self, turn: usize, at: usize, speaker: &str) -> (u64, SegmentId, SegmentId) {
        use crate::core::history::Change;
        let seg = self.turns()[turn].clone();
        let dt = crate::ops::text::load(&self.store, &self.doc).expect("load");
        let split = crate::ops::text::plan_split(&self.store, &dt, at).expect("split");
        let new = split
            .turns
            .iter()
            .find(|t| t.before.is_none())
            .map(|t| t.id)
            .expect("a new turn");
        // The text and turns as the split leaves them, for the next plan.
        let mut after = dt.clone();
        after.text = split.change.apply(&dt.text).expect("applies");
        for t in &mut after.turns {
            t.range = split.change.map_turn(t.range);
        }
        for p in &split.turns {
            match (&p.after, after.turns.iter().position(|t| t.id == p.id)) {
                (Some(row), Some(i)) => after.turns[i] = row.clone(),
                (Some(row), None) => after.turns.insert(row.ordinal as usize, row.clone()),
                (None, _) => {}
            }
        }
        let speaker =
            crate::ops::text::plan_speaker(&self.store, &after, new, speaker).expect("speaker");
        let r = crate::ops::edit::apply_deferred(
            &mut self.store,
            &Change::Batch(vec![
                Change::EditText(Box::new(split)),
                Change::EditText(Box::new(speaker)),
            ]),
        )
        .expect("edit")
        .expect("re-index");
        (r.previous, seg.id, new)
    }

    fn search(&self, ix: &SearchIndex, q: &str, order: SearchOrder) -> SearchResult {
        search(
            &self.store,
            ix,
            q,
            &SearchOptions {
                limit: 1000,
                offset: 0,
                order,
            },
        )
        .expect("search")
    }

    fn open(&self) -> SearchIndex {
        let mut rebuilt = false;
        let ix = ensure_index_at(&self.store, &self.index_dir, &mut |_, _| rebuilt = true)
            .expect("index");
        assert!(!rebuilt, "brought forward, not rebuilt");
        ix
    }

    /// Every match of every hit, as the text of the project now.
    fn matched(&self, r: &SearchResult) -> Vec<String> {
        let text = self.text();
        r.hits
            .iter()
            .flat_map(|h| h.matches.iter().map(|m| char_slice(&text, *m).to_string()))
            .collect()
    }
}

use crate::index::SearchOrder;

/// Position of `needle` (its first occurrence after char `from`) in `text`, in chars.
fn find(text: &str, needle: &str, from: usize) -> usize {
    let skip = crate::core::text::byte_offset(text, from);
    let b = text
        .get(skip..)
        .and_then(|t| t.find(needle))
        .expect("needle");
    crate::core::text::char_offset(text, skip + b)
}

#[test]
fn an_edited_turn_is_found_by_its_new_words_at_their_new_place() {
    let mut f = fixture(&[
        ("Interviewer", "On parle de Kasulu ?"),
        ("P1", "Oui, le camp de Kasulu, près de l'école."),
        ("P2", "Kasulu encore, et l'école 👩🏽‍🌾 aussi."),
    ]);
    let before = f.open();
    assert_eq!(f.search(&before, "kasulu", SearchOrder::Position).total, 3);
    // Whisper heard "Kasulu" for Kasulo; the fix makes the turn longer.
    let text = f.text();
    let at = find(&text, "Kasulu", f.turns()[1].range.start);
    let (previous, turn) = f.edit(1, at, at + "Kasulu".len(), "Kasulo wa milima");
    assert!(
        reindex_turns_at(&f.store, &f.index_dir, previous, &f.doc, &[turn], &[]).expect("reindex")
    );
    // The index opened before the edit follows it; so does a fresh open.
    for ix in [&before, &f.open()] {
        let new = f.search(ix, "kasulo", SearchOrder::Relevance);
        assert_eq!(new.total, 1);
        assert_eq!(new.hits[0].seg_id, turn.0);
        assert_eq!(f.matched(&new), ["Kasulo"]);
        let turn_now = f.turns()[1].range;
        assert_eq!(new.hits[0].turn, turn_now);
        assert_eq!(new.hits[0].text, char_slice(&f.text(), turn_now));
        let old = f.search(ix, "kasulu", SearchOrder::Position);
        assert_eq!(old.total, 2, "the edited turn no longer says Kasulu");
        // The turn after the edit moved: its match is where the word is now.
        assert_eq!(f.matched(&old), ["Kasulu", "Kasulu"]);
        assert!(old.hits.iter().all(|h| h.seg_id != turn.0));
        assert_eq!(
            f.matched(&f.search(ix, "\"kasulo wa milima\"", SearchOrder::Relevance)),
            ["Kasulo", "wa", "milima"]
        );
        assert_eq!(
            f.matched(&f.search(ix, "école", SearchOrder::Position))
                .len(),
            2
        );
    }
    // Coding the hits codes the words they show.
    let ix = f.open();
    let r = f.search(&ix, "kasulo OR kasulu", SearchOrder::Position);
    let refs: Vec<&Hit> = r.hits.iter().collect();
    let ranges = hit_ranges(&f.store, &refs, HitScope::Matches).expect("ranges");
    let text = f.text();
    let coded: Vec<&str> = ranges.iter().map(|(_, r)| char_slice(&text, *r)).collect();
    assert_eq!(coded, ["Kasulu", "Kasulo", "Kasulu"]);
}

#[test]
fn split_turns_keep_corpus_order_and_their_speakers() {
    let mut f = fixture(&[
        ("Interviewer", "Bonjour, école un."),
        ("P1", "école deux, puis école trois."),
        ("P2", "école quatre."),
    ]);
    // Split the middle turn at the same place again and again: the order
    // keys between its neighbours run out, and the document is re-keyed.
    for round in 0..14 {
        let at = find(&f.text(), "puis", 0);
        let rank = f
            .turns()
            .iter()
            .position(|s| s.range.start <= at && at < s.range.end)
            .expect("the turn saying puis");
        let (previous, first, second) = f.split(rank, at, &format!("P{}", round + 3));
        assert!(reindex_turns_at(
            &f.store,
            &f.index_dir,
            previous,
            &f.doc,
            &[first, second],
            &[]
        )
        .expect("reindex"));
        let ix = f.open();
        let r = f.search(&ix, "ecole", SearchOrder::Position);
        let ids: Vec<i64> = r.hits.iter().map(|h| h.seg_id).collect();
        let project: Vec<i64> = f
            .turns()
            .iter()
            .filter(|s| char_slice(&f.text(), s.range).contains("école"))
            .map(|s| s.id.0)
            .collect();
        assert_eq!(ids, project, "corpus order after split {round}");
        assert_eq!(f.matched(&r), ["école", "école", "école", "école"]);
        assert_eq!(ix.len(), 3 + round + 1);
        // The second part has its speaker: by name, from the project.
        let by_speaker = f.search(
            &ix,
            &format!("puis speaker:p{}", round + 3),
            SearchOrder::Position,
        );
        assert_eq!(by_speaker.total, 1, "round {round}");
        assert_eq!(by_speaker.hits[0].seg_id, second.0);
        assert_eq!(
            by_speaker.hits[0].speaker.as_deref(),
            Some(format!("P{}", round + 3).as_str())
        );
    }
}

#[test]
fn removed_turns_and_documents_leave_the_index() {
    let mut f = fixture(&[
        ("Interviewer", "Un zébu ?"),
        ("P1", "Deux zébus."),
        ("P2", "Trois zébus et le marché."),
    ]);
    let ix = f.open();
    assert_eq!(f.search(&ix, "marché", SearchOrder::Position).total, 1);
    // Join the last turn into the one before it (its label text stays, as
    // speech of the joined turn: enough for the index).
    let segs = f.turns();
    let dt = crate::ops::text::load(&f.store, &f.doc).expect("load");
    let join = crate::ops::text::plan_join(&f.store, &dt, segs[2].id).expect("join");
    let r = crate::ops::edit::apply_deferred(
        &mut f.store,
        &crate::core::history::Change::EditText(Box::new(join)),
    )
    .expect("edit")
    .expect("re-index");
    assert_eq!(
        (r.changed.as_slice(), r.removed.as_slice()),
        (&[segs[1].id][..], &[segs[2].id][..])
    );
    let previous = r.previous;
    assert!(reindex_turns_at(
        &f.store,
        &f.index_dir,
        previous,
        &f.doc,
        &[segs[1].id],
        &[segs[2].id]
    )
    .expect("reindex"));
    let r = f.search(&ix, "marché", SearchOrder::Position);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].seg_id, segs[1].id.0);
    assert_eq!(f.matched(&r), ["marché"]);
    assert_eq!(ix.len(), 2);
    // The document goes.
    let tx = f.store.begin().expect("begin");
    tx.execute("DELETE FROM documents WHERE id = ?1", [&f.doc.0])
        .expect("delete");
    let previous = turns_changed(&tx).expect("generation");
    tx.commit().expect("commit");
    assert!(
        reindex_document_removed_at(&f.store, &f.index_dir, previous, &f.doc).expect("reindex")
    );
    let ix = f.open();
    assert_eq!(ix.len(), 0);
    assert_eq!(f.search(&ix, "zebu~1", SearchOrder::Relevance).total, 0);
}

#[test]
fn an_index_that_missed_an_edit_is_never_taken_for_current() {
    let mut f = fixture(&[
        ("P1", "Le minerval coûte cher."),
        ("P2", "Le minerval, oui."),
    ]);
    let text = f.text();
    let at = find(&text, "minerval", 0);
    let (first, turn) = f.edit(0, at, at + 8, "loyer");
    // Another edit commits before the first one's re-indexing runs.
    let at = find(&f.text(), "minerval", 0);
    let (second, other) = f.edit(1, at, at + 8, "salaire");
    assert_eq!(second, first + 1);
    // Too late for the first (the project moved on), too early for the
    // second (the index is not at its previous generation): both leave the
    // index alone, and the next search rebuilds it.
    assert!(!reindex_turns_at(&f.store, &f.index_dir, first, &f.doc, &[turn], &[]).expect("first"));
    assert!(
        !reindex_turns_at(&f.store, &f.index_dir, second, &f.doc, &[other], &[]).expect("second")
    );
    assert!(!reindex_document_removed_at(&f.store, &f.index_dir, second, &f.doc).expect("removed"));
    let uuid = f.store.uuid().expect("uuid");
    assert!(SearchIndex::open(&f.index_dir, &uuid, second + 1).is_none());
    let mut rebuilt = false;
    let ix = ensure_index_at(&f.store, &f.index_dir, &mut |_, _| rebuilt = true).expect("index");
    assert!(rebuilt);
    assert_eq!(f.search(&ix, "minerval", SearchOrder::Position).total, 0);
    assert_eq!(
        f.matched(&f.search(&ix, "loyer OR salaire", SearchOrder::Position)),
        ["loyer", "salaire"]
    );
}

#[test]
fn order_keys_fill_gaps_and_rekey_when_full() {
    let turns: Vec<(SegmentId, Option<i64>)> = (1..=5).map(|i| (SegmentId(i), None)).collect();
    let built: HashMap<i64, u64> = (0..5).map(|r| (r as i64 + 1, order_key(7, r))).collect();
    // Nothing moved, nothing changed: nothing to do.
    assert!(order_keys(7, &turns, &built, &HashSet::new()).is_empty());
    // A changed turn keeps its key.
    let changed: HashSet<i64> = [3].into();
    assert_eq!(
        order_keys(7, &turns, &built, &changed),
        [(2, order_key(7, 2))]
    );
    // A new turn between 2 and 3 gets a key between theirs.
    let mut with_new = turns.clone();
    with_new.insert(2, (SegmentId(9), None));
    let keys = order_keys(7, &with_new, &built, &HashSet::new());
    assert_eq!(keys.len(), 1);
    assert!(order_key(7, 1) < keys[0].1 && keys[0].1 < order_key(7, 2));
    // No room left between two keys: every turn is re-keyed.
    let mut tight = built.clone();
    tight.insert(3, order_key(7, 1) + 1);
    let keys = order_keys(7, &with_new, &tight, &HashSet::new());
    assert!(keys.len() >= 2);
    let all: Vec<u64> = {
        let mut k = tight.clone();
        for (r, key) in &keys {
            k.insert(with_new[*r].0 .0, *key);
        }
        with_new.iter().map(|(s, _)| k[&s.0]).collect()
    };
    assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
}
