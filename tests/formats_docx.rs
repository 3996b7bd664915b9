//! `.docx` import: documents built in the test with the zip writer.

use gloss::core::text::char_slice;
use gloss::core::{ImportedTranscript, SourceFormat};
use gloss::formats::{import_bytes, FormatChoice};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        w.start_file(*name, SimpleFileOptions::default())
            .expect("start file");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
    );
    zip_with(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", xml.as_bytes()),
        (
            "word/header1.xml",
            b"<w:hdr><w:p><w:r><w:t>HEADER SECRET</w:t></w:r></w:p></w:hdr>",
        ),
        (
            "docProps/core.xml",
            b"<cp:coreProperties>Author Name</cp:coreProperties>",
        ),
    ])
}

fn compact(t: &ImportedTranscript) -> String {
    let mut prev = 0;
    t.segments
        .iter()
        .map(|s| {
            assert!(s.range.start >= prev && s.range.start < s.range.end);
            prev = s.range.end;
            format!(
                "{} | {} | {}\n",
                s.time_ms.map_or("-".into(), |m| m.to_string()),
                s.speaker.as_deref().unwrap_or("-"),
                char_slice(&t.text, s.range).replace('\n', "⏎")
            )
        })
        .collect()
}

fn bold(t: &str) -> String {
    format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}
fn run(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

fn sample_body() -> String {
    let mut b = String::new();
    // Title, not a label.
    b.push_str(&format!("<w:p>{}</w:p>", run("Entretien 3 – Kolwezi")));
    // Empty paragraph (skipped) with paragraph-mark bold and tab stops.
    b.push_str(r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr></w:p>"#);
    // Bold label split over runs, no colon; text split over runs.
    b.push_str(&format!(
        "<w:p>{}{}{}{}</w:p>",
        bold("Inter"),
        bold("viewer"),
        run(" Depuis quand"),
        run(" travaillez-vous &amp; où ?")
    ));
    // Bold label with colon; a line break and a tab in the turn.
    b.push_str(&format!(
        "<w:p>{}<w:r><w:t xml:space=\"preserve\"> Depuis 2019.</w:t><w:br/><w:t>Avant</w:t><w:tab/><w:t>l'école.</w:t></w:r></w:p>",
        bold("Amani:")
    ));
    // Explicitly not bold (w:val="0"): continues Amani's turn; tracked changes.
    b.push_str(concat!(
        r#"<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Plain</w:t></w:r>"#,
        r#"<w:ins w:id="1"><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>"#,
        r#"<w:del w:id="2"><w:r><w:delText xml:space="preserve"> deleted</w:delText></w:r></w:del>"#,
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"#,
        r#"<w:r><w:t xml:space="preserve"> words.</w:t></w:r></w:p>"#
    ));
    // Typed label, no bold.
    b.push_str(&format!("<w:p>{}</w:p>", run("Interviewer: Et après ?")));
    // Teams layout: `Name   0:04` + line break + speech.
    b.push_str(r#"<w:p><w:r><w:t xml:space="preserve">Grace Mutombo   0:04</w:t><w:br/><w:t>Hello from Teams.</w:t></w:r></w:p>"#);
    // Two-column table with a header row.
    b.push_str("<w:tbl><w:tblPr/>");
    for (s, t) in [
        ("Speaker", "Text"),
        ("P1", "I go every morning."),
        ("P2", "Me too."),
    ] {
        b.push_str(&format!(
            "<w:tr><w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr>",
            run(s),
            run(t)
        ));
    }
    b.push_str("</w:tbl>");
    // Three-column table: time | speaker | text (cell text in two paragraphs).
    b.push_str(&format!(
        "<w:tbl><w:tr><w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p><w:p>{}</w:p></w:tc></w:tr></w:tbl>",
        run("00:01:02"),
        run("P1"),
        run("Later."),
        run("Much later.")
    ));
    b
}

#[test]
fn docx_bold_labels_breaks_runs_tables_tracked_changes() {
    let bytes = docx(&sample_body());
    let t = import_bytes(&bytes, "entretien.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(t.source_format, SourceFormat::Docx);
    assert_eq!(
        t.text,
        "Entretien 3 – Kolwezi\n\n\
         Interviewer Depuis quand travaillez-vous & où ?\n\n\
         Amani: Depuis 2019.\nAvant\tl'école.\n\n\
         Plain inserted words.\n\n\
         Interviewer: Et après ?\n\n\
         Grace Mutombo   0:04\nHello from Teams.\n\n\
         Speaker\tText\n\n\
         P1: I go every morning.\n\n\
         P2: Me too.\n\n\
         [00:01:02] P1: Later.\nMuch later.\n"
    );
    assert_eq!(
        compact(&t),
        "- | Interviewer | Depuis quand travaillez-vous & où ?\n\
         - | Amani | Depuis 2019.⏎Avant\tl'école.⏎⏎Plain inserted words.\n\
         - | Interviewer | Et après ?\n\
         4000 | Grace Mutombo | Hello from Teams.\n\
         - | P1 | I go every morning.\n\
         - | P2 | Me too.\n\
         62000 | P1 | Later.⏎Much later.\n"
    );
    assert!(
        t.warnings.iter().any(|w| w.contains("1 deletion")),
        "{:?}",
        t.warnings
    );
    assert!(
        !t.text.contains("HEADER SECRET")
            && !t.text.contains("deleted")
            && !t.text.contains("PAGE")
    );
}

#[test]
fn docx_with_only_typed_labels_and_no_labels() {
    let body = format!(
        "<w:p>{}</w:p><w:p>{}</w:p>",
        run("R: Oui."),
        run("I: Merci.")
    );
    let t = import_bytes(&docx(&body), "a.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(compact(&t), "- | R | Oui.\n- | I | Merci.\n");
    let body = format!(
        "<w:p>{}</w:p><w:p>{}</w:p>",
        run("Just prose."),
        run("More.")
    );
    let t = import_bytes(&docx(&body), "a.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(compact(&t), "- | - | Just prose.\n- | - | More.\n");
}

#[test]
fn docx_errors() {
    let err = |bytes: &[u8]| match import_bytes(bytes, "a.docx", FormatChoice::Auto) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    };
    assert_eq!(err(b"just text"), "not a .docx file (not a zip archive)");
    let good = docx(&sample_body());
    let truncated = good.get(..good.len() / 2).expect("half");
    assert!(
        err(truncated).starts_with("truncated or corrupt .docx"),
        "{}",
        err(truncated)
    );
    let no_doc = zip_with(&[("word/styles.xml", b"<w:styles/>")]);
    assert_eq!(
        err(&no_doc),
        "not a Word document: the zip archive has no word/document.xml"
    );
    let bad_xml = zip_with(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p></w:x></w:body>",
    )]);
    assert!(
        err(&bad_xml).contains("not well-formed XML"),
        "{}",
        err(&bad_xml)
    );
    let empty = docx("<w:p></w:p>");
    assert_eq!(err(&empty), "the document has no text");
    assert!(err(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").contains("Word 97-2003"));
    // A zip is not text even when text is forced.
    let forced = import_bytes(&good, "a.txt", FormatChoice::Fixed(SourceFormat::Text));
    assert!(forced.is_err());
}

/// Sets the declared uncompressed size of every entry (local and central
/// headers) — a zip bomb's shape without writing 200 MB in a test.
fn patch_declared_size(bytes: &mut [u8], size: u32) {
    let le = size.to_le_bytes();
    for i in 0..bytes.len().saturating_sub(30) {
        let at = match bytes.get(i..i + 4) {
            Some(b"PK\x03\x04") => i + 22,
            Some(b"PK\x01\x02") => i + 24,
            _ => continue,
        };
        if let Some(slot) = bytes.get_mut(at..at + 4) {
            slot.copy_from_slice(&le);
        }
    }
}

#[test]
fn docx_zip_bomb_is_refused() {
    let mut bytes = docx(&sample_body());
    patch_declared_size(&mut bytes, 300 * 1024 * 1024);
    let e = import_bytes(&bytes, "bomb.docx", FormatChoice::Auto).expect_err("refused");
    assert!(e.to_string().contains("over the 200 MB limit"), "{e}");
}

/// A real 201 MB entry (slow in debug builds: run with --ignored).
#[test]
#[ignore]
fn docx_real_zip_bomb_is_refused() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).expect("start");
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..201 {
        w.write_all(&chunk).expect("write");
    }
    let bytes = w.finish().expect("finish").into_inner();
    let e = import_bytes(&bytes, "bomb.docx", FormatChoice::Auto).expect_err("refused");
    assert!(e.to_string().contains("200 MB limit"), "{e}");
}

#[test]
fn docx_truncations_never_panic() {
    let good = docx(&sample_body());
    for n in (0..good.len()).step_by(7) {
        let _ = import_bytes(good.get(..n).unwrap_or(&[]), "t.docx", FormatChoice::Auto);
    }
    // Every prefix of a body with text boxes, a drop cap and symbols, as
    // XML (so unclosed boxes and frames are exercised, not just bad zips).
    let body = format!(
        "<w:p><w:pPr><w:framePr w:dropCap=\"drop\"/></w:pPr>{}</w:p><w:p>{}{}<w:r><w:sym w:font=\"Symbol\" w:char=\"F061\"/></w:r></w:p>",
        run("O"),
        run("nce"),
        text_box(&p(&run("P2: boxed")))
    );
    let xml = document(&body);
    for n in (0..xml.len()).filter(|n| xml.is_char_boundary(*n)) {
        let bytes = zip_with(&[("word/document.xml", xml.get(..n).unwrap_or("").as_bytes())]);
        let _ = import_bytes(&bytes, "t.docx", FormatChoice::Auto);
    }
}

// Issue 11 item 19: documents as converters and older Word versions write
// them (built here; fictional content).

const NS_ALL: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml""#
);

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS_ALL}><w:body>{body}</w:body></w:document>"#
    )
}

/// A text box the way Word 2010+ writes it: the DrawingML shape, and the
/// same text again in a VML fallback for older readers.
fn text_box(inner: &str) -> String {
    format!(
        concat!(
            r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>"#,
            r#"<wp:docPr id="1" name="Text Box 1" descr="a box"/><a:graphic><a:graphicData>"#,
            r#"<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>"#,
            r#"</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>"#,
            r#"</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#
        ),
        inner = inner
    )
}

fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

#[test]
fn docx_text_boxes_are_read_in_reading_order_once() {
    let body = [
        p(&run("Interviewer: Before the box.")),
        // A box anchored in the middle of a turn, holding two paragraphs.
        p(&format!(
            "{}{}{}",
            run("Amani: We walked"),
            text_box(&format!(
                "{}{}",
                p(&run("Kito: Inside the box.")),
                p(&run("Second box paragraph."))
            )),
            run(" to the market.")
        )),
        // An older, VML-only text box; and a chart whose labels are not text.
        p(&format!(
            "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
            p(&run("Interviewer: From a VML box."))
        )),
        p(&format!(
            "{}<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><a:p><a:r><a:t>CHART LABEL</a:t></a:r></a:p></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
            run("Amani: Last.")
        )),
    ]
    .concat();
    let bytes = zip_with(&[("word/document.xml", document(&body).as_bytes())]);
    let t = import_bytes(&bytes, "boxes.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(
        t.text,
        "Interviewer: Before the box.\n\n\
         Amani: We walked to the market.\n\n\
         Kito: Inside the box.\n\n\
         Second box paragraph.\n\n\
         Interviewer: From a VML box.\n\n\
         Amani: Last.\n"
    );
    assert_eq!(
        compact(&t),
        "- | Interviewer | Before the box.\n\
         - | Amani | We walked to the market.\n\
         - | Kito | Inside the box.⏎⏎Second box paragraph.\n\
         - | Interviewer | From a VML box.\n\
         - | Amani | Last.\n"
    );
    assert!(
        t.warnings.iter().any(|w| w.contains("1 picture")),
        "{:?}",
        t.warnings
    );
}

#[test]
fn docx_drop_cap_joins_its_word() {
    let cap = |letter: &str| {
        format!(
            concat!(
                r#"<w:p><w:pPr><w:keepNext/><w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/>"#,
                r#"<w:spacing w:line="1016"/><w:textAlignment w:val="baseline"/></w:pPr>"#,
                r#"<w:r><w:rPr><w:position w:val="-10"/><w:sz w:val="131"/></w:rPr><w:t>{}</w:t></w:r></w:p>"#
            ),
            letter
        )
    };
    let body = [
        cap("O"),
        p(&run("nce the rains came, the pits closed.")),
        p(&run("Interviewer: And then?")),
        // A frame that is not a drop cap stays its own paragraph.
        r#"<w:p><w:pPr><w:framePr w:w="2000" w:wrap="around"/></w:pPr><w:r><w:t>Framed note.</w:t></w:r></w:p>"#.to_string(),
        cap("W"),
        p(&run("e went home.")),
    ]
    .concat();
    let bytes = zip_with(&[("word/document.xml", document(&body).as_bytes())]);
    let t = import_bytes(&bytes, "cap.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(
        t.text,
        "Once the rains came, the pits closed.\n\n\
         Interviewer: And then?\n\n\
         Framed note.\n\n\
         We went home.\n"
    );
}

#[test]
fn docx_symbols_become_unicode_and_unknown_ones_are_kept_with_a_warning() {
    let sym = |font: &str, code: &str| format!(r#"<w:sym w:font="{font}" w:char="{code}"/>"#);
    let body = p(&format!(
        "<w:r><w:t xml:space=\"preserve\">Interviewer: Done </w:t>{}<w:t xml:space=\"preserve\"> not done </w:t>{}<w:t xml:space=\"preserve\">, α is </w:t>{}{}<w:t xml:space=\"preserve\"> and </w:t>{}{}<w:t xml:space=\"preserve\"> end.</w:t></w:r>",
        sym("Wingdings", "F0FC"),
        sym("Wingdings", "F0FB"),
        sym("Symbol", "F061"),
        sym("Symbol", "F0AE"),
        sym("Webdings", "F048"),
        sym("Arial Unicode MS", "263A"),
    ));
    let bytes = zip_with(&[("word/document.xml", document(&body).as_bytes())]);
    let t = import_bytes(&bytes, "sym.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(
        t.text,
        "Interviewer: Done ✔ not done 🗶, α is α→ and \u{F048}☺ end.\n"
    );
    assert!(
        t.warnings
            .iter()
            .any(|w| w.contains("1 symbol(s)") && w.contains("Webdings U+F048")),
        "{:?}",
        t.warnings
    );
    // The same symbols typed as text in a run set in the symbol font.
    let body = p(concat!(
        r#"<w:r><w:t xml:space="preserve">P1: yes </w:t></w:r>"#,
        r#"<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>&#xF0FC;</w:t></w:r>"#,
        r#"<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t xml:space="preserve"> &#xF062;</w:t></w:r>"#
    ));
    let bytes = zip_with(&[("word/document.xml", document(&body).as_bytes())]);
    let t = import_bytes(&bytes, "sym2.docx", FormatChoice::Auto).expect("docx");
    assert_eq!(t.text, "P1: yes ✔ β\n");
}

#[test]
fn docx_main_part_is_found_through_the_package_relationships() {
    let rels = |target: &str| {
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
                r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
                r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{}"/>"#,
                r#"</Relationships>"#
            ),
            target
        )
    };
    let body = p(&run("Interviewer: From the named part."));
    let doc = document(&body);
    // Word Online's `word/document2.xml` with an absolute target, and a
    // converter's own name.
    for (target, part) in [
        ("/word/document2.xml", "word/document2.xml"),
        ("word/main.xml", "word/main.xml"),
    ] {
        let bytes = zip_with(&[
            ("_rels/.rels", rels(target).as_bytes()),
            (part, doc.as_bytes()),
        ]);
        let t = import_bytes(&bytes, "named.docx", FormatChoice::Auto).expect(target);
        assert_eq!(compact(&t), "- | Interviewer | From the named part.\n");
    }
    // Strict OOXML names the relationship with another URI.
    let strict = rels("word/document.xml").replace(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    );
    let bytes = zip_with(&[
        ("_rels/.rels", strict.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ]);
    assert!(import_bytes(&bytes, "strict.docx", FormatChoice::Auto).is_ok());
    // A relationship to a part that is not there.
    let bytes = zip_with(&[("_rels/.rels", rels("word/missing.xml").as_bytes())]);
    let e = import_bytes(&bytes, "broken.docx", FormatChoice::Auto).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "not a Word document: _rels/.rels names the main part word/missing.xml, which is not in the archive"
    );
}
