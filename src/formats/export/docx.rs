//! Excerpts (or a codebook report) as a Word document, written by hand:
//! a zip with the few parts WordprocessingML needs (content types, the
//! package and document relationships, `word/styles.xml`,
//! `word/document.xml`). Styles use Word's built-in names (`Title`,
//! `heading 1`…, `Quote`) so the navigation pane and a report's table of
//! contents pick the headings up; the passage is bold inside its context,
//! the attribution follows in its own style. No document properties are
//! written (they would carry names).

use super::blocks::Block;
use quick_xml::escape::escape;
use std::io::Write;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

fn heading_style(id: &str, name: &str, size: u32, level: u32) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="{level}"/></w:pPr><w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>"#
    )
}

fn styles() -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="48"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:color w:val="666666"/></w:rPr></w:style>"#,
    );
    for (i, size) in [32u32, 28, 26, 24, 22, 22].iter().enumerate() {
        let n = i + 1;
        s.push_str(&heading_style(
            &format!("Heading{n}"),
            &format!("heading {n}"),
            *size,
            i as u32,
        ));
    }
    s.push_str(r#"<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="Attribution"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="999999"/></w:pBdr><w:spacing w:before="200" w:after="40"/><w:ind w:left="567" w:right="567"/></w:pPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Attribution"><w:name w:val="Attribution"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="200"/><w:ind w:left="567" w:right="567"/></w:pPr><w:rPr><w:i/><w:color w:val="444444"/><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="character" w:customStyle="1" w:styleId="Context"><w:name w:val="Context"/><w:rPr><w:color w:val="777777"/></w:rPr></w:style></w:styles>"#);
    s
}

/// One run; new lines become `<w:br/>`.
fn run(out: &mut String, text: &str, props: &str) {
    let text = super::xml_safe(text);
    out.push_str("<w:r>");
    if !props.is_empty() {
        out.push_str("<w:rPr>");
        out.push_str(props);
        out.push_str("</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        out.push_str("<w:t xml:space=\"preserve\">");
        out.push_str(&escape(line));
        out.push_str("</w:t>");
    }
    out.push_str("</w:r>");
}

pub(crate) fn para(out: &mut String, style: &str, runs: &[(&str, &str)]) {
    para_kept(out, style, None, runs)
}

/// A paragraph; `keep_next` `Some(true)`: Word and LibreOffice keep it on
/// the page of the paragraph that follows; `Some(false)`: not, whatever
/// its style says; `None`: as its style says.
fn para_kept(out: &mut String, style: &str, keep_next: Option<bool>, runs: &[(&str, &str)]) {
    out.push_str("<w:p>");
    if !style.is_empty() || keep_next.is_some() {
        out.push_str("<w:pPr>");
        if !style.is_empty() {
            out.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
        }
        match keep_next {
            Some(true) => out.push_str("<w:keepNext/>"),
            Some(false) => out.push_str("<w:keepNext w:val=\"0\"/>"),
            None => {}
        }
        out.push_str("</w:pPr>");
    }
    for (text, props) in runs {
        run(out, text, props);
    }
    out.push_str("</w:p>");
}

const CONTEXT: &str = r#"<w:rStyle w:val="Context"/>"#;

pub fn write<W: Write + Send>(
    mut out: W,
    blocks: &[Block],
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    let mut doc = String::from(DOCUMENT_START);
    let mut done: usize = 0;
    // From a heading to its first quotation every paragraph keeps with the
    // next (and the quotation with its attribution, by its style): a code's
    // heading is never left alone at the foot of a page. Nothing keeps with
    // a heading that follows it, or a codebook (whose examples are
    // quotations) would be one unbreakable chain.
    let mut under_heading = false;
    for (i, b) in blocks.iter().enumerate() {
        let next_is_heading = matches!(blocks.get(i + 1), None | Some(Block::Heading(..)));
        let kept = (under_heading && !next_is_heading).then_some(true);
        match b {
            Block::Title(t) => para(&mut doc, "Title", &[(t, "")]),
            Block::Meta(m) => para_kept(&mut doc, "Subtitle", kept, &[(m, "")]),
            Block::Heading(level, t) => {
                under_heading = true;
                para_kept(
                    &mut doc,
                    &format!("Heading{}", level.clamp(&1, &6)),
                    Some(true),
                    &[(t, "")],
                )
            }
            Block::Field(label, text) => {
                let label = format!("{label}. ");
                para_kept(&mut doc, "", kept, &[(&label, "<w:b/>"), (text, "")])
            }
            Block::Quote {
                before,
                text,
                after,
                cut_before,
                cut_after,
            } => {
                let before = format!("{}{before}", if *cut_before { "…" } else { "" });
                let after = format!("{after}{}", if *cut_after { "…" } else { "" });
                let bold = if before.is_empty() && after.is_empty() {
                    ""
                } else {
                    "<w:b/>"
                };
                let mut runs: Vec<(&str, &str)> = Vec::new();
                if !before.is_empty() {
                    runs.push((&before, CONTEXT));
                }
                runs.push((text, bold));
                if !after.is_empty() {
                    runs.push((&after, CONTEXT));
                }
                under_heading = false;
                para_kept(&mut doc, "Quote", next_is_heading.then_some(false), &runs);
            }
            Block::Attribution(a) => {
                let a = format!("— {a}");
                para(&mut doc, "Attribution", &[(&a, "")]);
                done += 1;
                if done.is_multiple_of(1000) {
                    progress(done);
                }
            }
            Block::Memo(m) => para(&mut doc, "", &[("Memo: ", "<w:i/>"), (m, "")]),
        }
    }
    let bytes = package(doc)?;
    out.write_all(&bytes).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    progress(done);
    Ok(())
}

/// The start of `word/document.xml`, before the paragraphs.
pub(crate) const DOCUMENT_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

/// The .docx file for `doc` (`DOCUMENT_START` and the paragraphs): the
/// page set-up is added, then the parts are zipped with the styles.
pub(crate) fn package(mut doc: String) -> Result<Vec<u8>, String> {
    doc.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let styles = styles();
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", styles.as_str()),
        ("word/document.xml", doc.as_str()),
    ] {
        zip.start_file(name, opts).map_err(|e| e.to_string())?;
        zip.write_all(body.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}
