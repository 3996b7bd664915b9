//! Export of coded excerpts: golden output per format on a small fixed
//! project, XLSX and DOCX opened (unzipped, XML parts and cells checked),
//! CSV read back, formula injection, pseudonymisation, filters, safety.

use gloss::core::excerpt::ExcerptRecord;
use gloss::formats::export::{self as fx, ExportFormat, WriteOptions};
use gloss::ops;
use gloss::ops::export::{ContextSpec, ExportFilter, ExportRequest};
use std::io::Read;
use std::path::{Path, PathBuf};

const TRANSCRIPT: &str = "ENTRETIEN (fictif)\n\
\n\
[00:00:05] Facilitatrice: Bonjour Amani. Tu travailles à Kolwézi depuis quand ?\n\
\n\
[00:00:12] Amani: Depuis 2019. Mama Neema m'a montré le lavage. Les Amanifu ne viennent pas ici.\n\
\n\
[00:00:31] Neema: =SUM(A1) c'est le prix. Amani paie l'école avec ça.\n";

const CODEBOOK: &str = r##"
name: test
codes:
  - name: Economic security
    definition: Income that women can count on.
    children:
      - name: Income use
        definition: What the money is spent on.
  - name: Schooling
    definition: School fees, attendance.
"##;

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    project: PathBuf,
}

fn find(text: &str, phrase: &str) -> (usize, usize) {
    let b = text.find(phrase).expect("phrase in text");
    let start = text.get(..b).expect("boundary").chars().count();
    (start, start + phrase.chars().count())
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_path_buf();
    let project = dir.join("study.gloss");
    let mut store = ops::project::init(&project, "amani-coder").expect("init");
    let f = dir.join("Entretien Kolwezi.txt");
    std::fs::write(&f, TRANSCRIPT).expect("write");
    ops::import::import_files(&mut store, &[f], &Default::default(), &mut |_, _, _| {})
        .expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes())
        .expect("codebook");
    let doc = "Entretien Kolwezi";
    for (who, pairs) in [
        ("Amani", vec!["role=washer", "site=Kolwézi"]),
        ("Neema", vec!["role=trader", "site=Kasulo"]),
        ("Facilitatrice", vec!["role=facilitator"]),
    ] {
        let pairs: Vec<String> = pairs.into_iter().map(String::from).collect();
        ops::participants::set(&mut store, doc, who, &pairs).expect("attributes");
    }
    let codings = [
        (
            "Economic security",
            "Mama Neema m'a montré le lavage.",
            "bintu",
            None,
        ),
        (
            "Income use",
            "Amani paie l'école avec ça.",
            "bintu",
            Some("Amani again"),
        ),
        (
            "Income use",
            "Amani paie l'école avec ça.",
            "consensus",
            None,
        ),
        ("Schooling", "Amani paie l'école avec ça.", "bintu", None),
        (
            "Economic security",
            "=SUM(A1) c'est le prix.",
            "consensus",
            None,
        ),
        (
            "Schooling",
            "Tu travailles à Kolwézi depuis quand ?",
            "bintu",
            None,
        ),
    ];
    for (code, phrase, coder, memo) in codings {
        let (s, e) = find(TRANSCRIPT, phrase);
        ops::coding::add(
            &mut store,
            doc,
            code,
            gloss::core::CharRange::new(s, e),
            Some(coder),
            memo,
        )
        .expect("coding");
    }
    Fixture {
        _dir: tmp,
        dir,
        project,
    }
}

fn open(p: &Path) -> gloss::store::Store {
    ops::project::open_plain(p, None).expect("open")
}

fn collect(fx_: &Fixture, filter: &ExportFilter) -> Vec<ExcerptRecord> {
    let mut r = ops::export::collect(
        &open(&fx_.project),
        filter,
        ContextSpec::Chars(20),
        &mut |_| {},
    )
    .expect("collect");
    for x in &mut r {
        x.date = "2026-01-02T03:04:05Z".into();
    }
    r
}

fn meta(records: &[ExcerptRecord]) -> gloss::core::excerpt::ExportMeta {
    gloss::core::excerpt::ExportMeta {
        title: "Coded excerpts — study".into(),
        generated: "2026-01-02T03:04:05Z".into(),
        pseudonymised: false,
        filters: String::new(),
        codes: vec![gloss::core::excerpt::CodeSummary {
            path: "Economic security".into(),
            name: "Economic security".into(),
            depth: 0,
            definition: "Income that women can count on.".into(),
            when_to_use: String::new(),
            when_not_to_use: String::new(),
            example: String::new(),
            count: records.len(),
            documents: 1,
            has_subcodes: false,
            with_subcodes: records.len(),
            documents_with_subcodes: 1,
        }],
    }
}

fn write(format: ExportFormat, records: &[ExcerptRecord], opts: WriteOptions) -> Vec<u8> {
    let mut out = Vec::new();
    fx::write_excerpts(&mut out, format, &meta(records), records, opts, &mut |_| {})
        .expect("write");
    out
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .expect("read part");
    s
}

/// Every XML part parses.
fn well_formed(bytes: &[u8]) {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut s = String::new();
        f.read_to_string(&mut s).expect("text");
        let mut rd = quick_xml::Reader::from_str(&s);
        loop {
            match rd.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
    }
}

#[test]
fn records_carry_speaker_attributes_time_and_context() {
    let f = fixture();
    let r = collect(&f, &ExportFilter::default());
    // Six codings, five passages: bintu and consensus coded one alike.
    assert_eq!(r.len(), 5);
    // Codebook order, then document order.
    let codes: Vec<&str> = r.iter().map(|x| x.code_path.as_str()).collect();
    assert_eq!(
        codes,
        [
            "Economic security",
            "Economic security",
            "Economic security/Income use",
            "Schooling",
            "Schooling"
        ]
    );
    assert_eq!(r[2].coders, ["bintu", "consensus"]);
    assert_eq!(r[2].memo.as_deref(), Some("bintu: Amani again"));
    assert_eq!(r[0].coders, ["bintu"]);
    let first = &r[0];
    assert_eq!(first.speaker.as_deref(), Some("Amani"));
    assert_eq!(first.time_ms, Some(12_000));
    assert_eq!(
        first.attributes.get("site").map(String::as_str),
        Some("Kolwézi")
    );
    assert_eq!(first.text, "Mama Neema m'a montré le lavage.");
    // 20 chars of context, never past the turn.
    assert_eq!(first.before, "Depuis 2019. ");
    assert_eq!(first.after, " Les Amanifu ne", "cut at a whole word");
    // The context before reaches the start of the turn: nothing was cut.
    assert!(!first.before_cut && first.after_cut);
    let md = String::from_utf8(write(ExportFormat::Markdown, &r, WriteOptions::default()))
        .expect("utf-8");
    assert!(
        md.contains("> Depuis 2019. **Mama Neema m'a montré le lavage.** Les Amanifu ne…"),
        "{md}"
    );
    assert!(md.contains("> Bonjour Amani. **Tu travailles"), "{md}");
    assert!(md.contains("> …c'est le prix. **Amani paie"), "{md}");
    // Attribute keys as labels.
    assert!(md.contains("· Role: washer, Site: Kolwézi ·"), "{md}");
    let turn = ops::export::collect(
        &open(&f.project),
        &ExportFilter::default(),
        ContextSpec::Turn,
        &mut |_| {},
    )
    .expect("collect");
    assert_eq!(turn[0].after, " Les Amanifu ne viennent pas ici.");
    assert_eq!(r[1].before, "");
    assert_eq!(r[1].after, " Amani paie l'école");
}

#[test]
fn filters_combine() {
    let f = fixture();
    let n = |filter: ExportFilter| collect(&f, &filter).len();
    let codes = |c: &[&str], sub: bool| ExportFilter {
        codes: c.iter().map(|s| s.to_string()).collect(),
        subcodes: sub,
        ..Default::default()
    };
    assert_eq!(n(codes(&["Economic security"], true)), 3);
    assert_eq!(n(codes(&["Economic security"], false)), 2);
    assert_eq!(n(codes(&["Income use", "Schooling"], false)), 3);
    let mut w = codes(&["Economic security"], true);
    w.attributes = vec![("role".into(), "washer".into())];
    assert_eq!(n(w.clone()), 1);
    w.attributes.push(("role".into(), "trader".into()));
    assert_eq!(n(w.clone()), 3, "same key: any of the values");
    w.attributes.push(("site".into(), "kasulo".into()));
    assert_eq!(n(w.clone()), 2, "different keys: all (case-insensitive)");
    w.consensus = true;
    assert_eq!(n(w.clone()), 2);
    let only = collect(&f, &w);
    assert!(only.iter().all(|r| r.coders == ["consensus"]), "{only:?}");
    let by = ExportFilter {
        coders: vec!["bintu".into()],
        speakers: vec!["neema".into()],
        ..Default::default()
    };
    assert_eq!(n(by), 2);
    let docs = ExportFilter {
        documents: vec!["Entretien Kolwezi".into()],
        speakers: vec!["Facilitatrice".into()],
        ..Default::default()
    };
    assert_eq!(n(docs), 1);
    let q = ExportFilter {
        query: Some("fees OR".into()),
        ..Default::default()
    };
    let e = ops::export::collect(&open(&f.project), &q, ContextSpec::Turn, &mut |_| {})
        .expect_err("malformed query");
    assert!(e.to_string().contains("OR needs something after it"), "{e}");
    let bad = codes(&["Nope"], true);
    assert!(ops::export::collect(&open(&f.project), &bad, ContextSpec::Turn, &mut |_| {}).is_err());
}

#[test]
fn golden_text_formats() {
    let f = fixture();
    let r = collect(&f, &ExportFilter::default());
    for (name, format) in [
        ("csv", ExportFormat::Csv),
        ("md", ExportFormat::Markdown),
        ("html", ExportFormat::Html),
        ("json", ExportFormat::Json),
    ] {
        let out = String::from_utf8(write(format, &r, WriteOptions::default())).expect("utf-8");
        insta::assert_snapshot!(format!("excerpts_{name}"), out);
    }
    let docx = write(ExportFormat::Docx, &r, WriteOptions::default());
    insta::assert_snapshot!(
        "excerpts_docx_document_xml",
        zip_part(&docx, "word/document.xml")
    );
}

#[test]
fn csv_reads_back_with_bom_and_guards_formulas() {
    let f = fixture();
    let r = collect(&f, &ExportFilter::default());
    let bytes = write(
        ExportFormat::Csv,
        &r,
        WriteOptions {
            bom: true,
            ..Default::default()
        },
    );
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rd = csv::Reader::from_reader(bytes.get(3..).expect("after bom"));
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header.get(..13).expect("fixed"),
        fx::FIXED_COLUMNS.map(String::from)
    );
    assert!(header.contains(&"role".to_string()) && header.contains(&"site".to_string()));
    let rows: Vec<csv::StringRecord> = rd.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), r.len());
    for (row, rec) in rows.iter().zip(&r) {
        assert_eq!(&row[2], rec.document);
        assert_eq!(row[5].parse::<usize>().expect("start"), rec.start);
        assert_eq!(gloss::formats::cell::unguard(&row[8]), rec.text);
    }
    let injected = rows
        .iter()
        .find(|x| x[8].contains("SUM"))
        .expect("the =SUM row");
    assert_eq!(&injected[8], "'=SUM(A1) c'est le prix.");
    // Every cell of the file: nothing a spreadsheet would run.
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !gloss::formats::cell::is_formula_start(cell) || cell.starts_with('\''),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn formula_injection_cases() {
    use gloss::formats::cell::guard;
    for bad in ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"] {
        assert_eq!(guard(bad), format!("'{bad}"));
    }
    assert_eq!(guard("ok = fine"), "ok = fine");
}

#[test]
fn xlsx_opens_with_frozen_header_cells_and_quoted_formulas() {
    let f = fixture();
    let r = collect(&f, &ExportFilter::default());
    let bytes = write(
        ExportFormat::Xlsx,
        &r,
        WriteOptions {
            sheet_per_code: true,
            ..Default::default()
        },
    );
    well_formed(&bytes);
    let wb = zip_part(&bytes, "xl/workbook.xml");
    for name in ["Excerpts", "Economic security", "Income use", "Schooling"] {
        assert!(
            wb.contains(&format!("name=\"{name}\"")),
            "sheet {name} in {wb}"
        );
    }
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
        "frozen header: {sheet}"
    );
    assert!(sheet.contains("<autoFilter"));
    let text = fx::text_of(ExportFormat::Xlsx, &bytes).expect("text");
    for needle in [
        "Code path",
        "Context before",
        "Mama Neema m&apos;a montré le lavage.",
        "Kolwézi",
    ] {
        let needle = needle.replace("&apos;", "'");
        assert!(text.contains(&needle), "{needle} in the workbook");
    }
    // The =SUM cell is text with Excel's quote prefix, not a formula.
    assert!(!sheet.contains("<f>"), "no formula cell");
    let styles = zip_part(&bytes, "xl/styles.xml");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    assert!(text.contains("=SUM(A1) c'est le prix."));
    // Offsets are numbers.
    assert!(
        sheet.contains("t=\"n\"") || sheet.contains("<v>"),
        "numeric cells"
    );
    // The date is a date cell: a serial number with a date format.
    // 2026-01-02 03:04:05 is day 46024 + 11045 s.
    let m2 = cell(&sheet, "M2");
    assert!(m2.contains("<v>46024.12783"), "{m2}");
    let date_style = style_of(&m2);
    let xf = cell_xf(&styles, date_style);
    assert!(xf.contains("numFmtId=\"164\""), "{xf}");
    assert!(
        styles.contains("formatCode=\"yyyy-mm-dd hh:mm\""),
        "{styles}"
    );
    // Context before (H), text (I), context after (J) and memo (L) wrap.
    for c in ["H2", "I2", "J3", "L4"] {
        let xf = cell_xf(&styles, style_of(&cell(&sheet, c)));
        assert!(xf.contains("wrapText=\"1\""), "{c}: {xf}");
    }
}

/// The `<c r="REF" …>…</c>` element of a sheet.
fn cell(sheet: &str, r: &str) -> String {
    let at = sheet
        .find(&format!("<c r=\"{r}\""))
        .unwrap_or_else(|| panic!("no cell {r}"));
    let rest = sheet.get(at..).expect("boundary");
    let end = rest.find("</c>").map_or(rest.len(), |e| e + 4);
    rest.get(..end).expect("boundary").to_string()
}

fn style_of(cell: &str) -> usize {
    cell.split(" s=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The `n`th `<xf>` of `cellXfs`.
fn cell_xf(styles: &str, n: usize) -> String {
    let xfs = styles.split("<cellXfs").nth(1).expect("cellXfs");
    let xfs = xfs.split("</cellXfs>").next().expect("end");
    xfs.split("<xf ")
        .nth(n + 1)
        .map(|x| x.split("</xf>").next().unwrap_or(x).to_string())
        .unwrap_or_else(|| panic!("no xf {n}"))
}

#[test]
fn docx_opens_with_headings_quotes_and_attribution() {
    let f = fixture();
    let r = collect(&f, &ExportFilter::default());
    let bytes = write(ExportFormat::Docx, &r, WriteOptions::default());
    well_formed(&bytes);
    let ct = zip_part(&bytes, "[Content_Types].xml");
    assert!(ct.contains("wordprocessingml.document.main+xml"));
    let styles = zip_part(&bytes, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading1\"") && styles.contains("w:styleId=\"Quote\""));
    let doc = zip_part(&bytes, "word/document.xml");
    // A heading keeps with the next paragraph, and so do the definition and
    // the count under it, down to the first quotation (item 10).
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/><w:keepNext/></w:pPr><w:r><w:t xml:space=\"preserve\">Economic security</w:t>"), "{doc}");
    let heading = doc.find(">Economic security</w:t>").expect("heading");
    let from_heading = doc.get(heading..).expect("boundary");
    let quote = from_heading.find("w:val=\"Quote\"").expect("quote");
    let between = from_heading.get(..quote).expect("boundary");
    // Definition, count, and the quotation's own opening tag.
    assert_eq!(between.matches("<w:p>").count(), 3, "{between}");
    assert_eq!(between.matches("<w:keepNext/>").count(), 2, "{between}");
    assert!(doc.contains("Income that women can count on."));
    assert_eq!(doc.matches("<w:pStyle w:val=\"Quote\"/>").count(), 5);
    assert!(doc.contains(
        "— Amani, Entretien Kolwezi, 0:00:12 · Role: washer, Site: Kolwézi · coded by bintu"
    ));
    assert!(doc.contains("m&apos;a montré") || doc.contains("m'a montré"));
}

#[test]
fn html_is_escaped_and_self_contained() {
    let mut r = collect(&fixture(), &ExportFilter::default());
    r[0].text = "<script>alert(1)</script> & co".into();
    let html =
        String::from_utf8(write(ExportFormat::Html, &r, WriteOptions::default())).expect("utf-8");
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
}

fn request(f: &Fixture, format: ExportFormat, name: &str) -> ExportRequest {
    ExportRequest::new(format, f.dir.join(name))
}

#[test]
fn pseudonymised_exports_contain_none_of_the_names() {
    let f = fixture();
    let map = f.dir.join("names.csv");
    std::fs::write(
        &map,
        "original,replacement,category\nAmani,[P01],NAME\nMama Neema,[P02-mother],NAME\nNeema,[P02],NAME\nKolwezi,[SITE-1],PLACE\nKasulo,[SITE-2],PLACE\n",
    )
    .expect("map");
    for format in ExportFormat::ALL {
        let mut req = request(&f, format, &format!("p.{}", format.extension()));
        req.map = Some(map.clone());
        req.context = ContextSpec::Turn;
        let s = ops::export::export(&open(&f.project), &req, &mut |_| {}).expect("export");
        let check = s.check.expect("checked");
        assert_eq!(check.entries, 5);
        assert!(check.remaining.is_empty());
        let bytes = std::fs::read(&req.output).expect("written");
        let mut text = fx::text_of(format, &bytes).expect("text");
        if format == ExportFormat::Markdown {
            // Markdown escapes brackets: `\[P01\]`.
            text = text.replace('\\', "");
        }
        for name in [
            "Amani",
            "Neema",
            "Kolwezi",
            "Kolwézi",
            "Kasulo",
            "names.csv",
        ] {
            let hit = text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == name);
            assert!(!hit, "{name} left in the {} export", format.extension());
        }
        // Inside a longer word: kept.
        assert!(text.contains("Amanifu"), "{}", format.extension());
        // Speaker labels, document names and attribute values too.
        assert!(text.contains("[P01]") && text.contains("Entretien [SITE-1]"));
        assert!(text.contains("[SITE-2]"), "attribute value");
        assert!(text.contains("[P02-mother] m'a montré"), "longest first");
    }
}

#[test]
fn a_map_that_leaves_a_name_blocks_the_export() {
    let f = fixture();
    let map = f.dir.join("cycle.csv");
    // Neema becomes Amani, which is itself a mapped name.
    std::fs::write(&map, "Neema,Amani\nAmani,Zawadi\n").expect("map");
    let mut req = request(&f, ExportFormat::Csv, "x.csv");
    req.map = Some(map);
    let e = ops::export::export(&open(&f.project), &req, &mut |_| {}).expect_err("blocked");
    assert!(
        e.to_string().contains("check failed") && e.to_string().contains("line(s) 2"),
        "{e}"
    );
    assert!(!req.output.exists());
    let left: Vec<_> = std::fs::read_dir(&f.dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "no temporary file left");
}

#[test]
fn existing_files_are_kept_without_force_and_bad_maps_are_one_line() {
    let f = fixture();
    let req = request(&f, ExportFormat::Json, "out.json");
    std::fs::write(&req.output, "mine").expect("write");
    let e = ops::export::export(&open(&f.project), &req, &mut |_| {}).expect_err("exists");
    assert!(
        e.to_string()
            .ends_with("out.json: already exists (use --force to overwrite it)"),
        "{e}"
    );
    assert_eq!(std::fs::read_to_string(&req.output).expect("read"), "mine");
    let mut forced = req.clone();
    forced.force = true;
    let s = ops::export::export(&open(&f.project), &forced, &mut |_| {}).expect("forced");
    assert_eq!(s.excerpts, 5);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&forced.output).expect("read")).expect("json");
    assert_eq!(v["excerpts"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["excerpts"][0]["time"], "0:00:12");

    let bad = f.dir.join("bad.csv");
    std::fs::write(&bad, "Amani\n").expect("write");
    let mut req = request(&f, ExportFormat::Csv, "b.csv");
    req.map = Some(bad.clone());
    let e = ops::export::export(&open(&f.project), &req, &mut |_| {}).expect_err("bad map");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: line 1: no replacement (columns: original,replacement[,category])",
            bad.display()
        )
    );
    assert!(!req.output.exists());
}

#[test]
fn codebook_report_has_fields_and_counts() {
    let f = fixture();
    let mut req = request(&f, ExportFormat::Markdown, "codebook.md");
    req.codebook_report = true;
    let s = ops::export::export(&open(&f.project), &req, &mut |_| {}).expect("report");
    assert_eq!(s.codes, 3);
    let md = std::fs::read_to_string(&req.output).expect("read");
    assert!(
        md.contains(
            "## Economic security\n\n*2 passages in 1 document; \
             with its sub-codes 3 passages in 1 document*"
        ),
        "{md}"
    );
    // Income use: two coders, one passage; no sub-codes, no roll-up line.
    assert!(
        md.contains("### Economic security/Income use\n\n*1 passage in 1 document*\n"),
        "{md}"
    );
    assert!(md.contains("### Economic security/Income use"));
    assert!(md.contains("**Definition.** What the money is spent on."));
    for format in [ExportFormat::Html, ExportFormat::Docx] {
        let mut req = request(&f, format, &format!("codebook.{}", format.extension()));
        req.codebook_report = true;
        ops::export::export(&open(&f.project), &req, &mut |_| {}).expect("report");
    }
    // DOCX: a heading keeps with what follows it, but the last paragraph of
    // a code never keeps with the next code's heading (or the whole
    // codebook would be one block that cannot break across pages).
    let doc = zip_part(
        &std::fs::read(f.dir.join("codebook.docx")).expect("docx"),
        "word/document.xml",
    );
    let paras: Vec<&str> = doc.split("<w:p>").skip(1).collect();
    for pair in paras.windows(2) {
        if pair[1].contains("w:val=\"Heading") {
            assert!(
                !pair[0].contains("<w:keepNext/>") || pair[0].contains("w:val=\"Heading"),
                "kept with the next heading: {}",
                pair[0]
            );
        }
    }
    assert!(paras
        .iter()
        .filter(|p| p.contains("w:val=\"Heading"))
        .all(|p| p.contains("<w:keepNext/>")));
    let mut bad = request(&f, ExportFormat::Csv, "codebook.csv");
    bad.codebook_report = true;
    assert!(ops::export::export(&open(&f.project), &bad, &mut |_| {}).is_err());
}
