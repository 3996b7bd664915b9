//! Issue 11 item 24: the REFI-QDA XML readers (`.qdc` codebooks and
//! `project.qde`) run in time linear in their input.
//!
//! A property over input shapes rather than one timed case: each shape is
//! read at 1× and at 16× its size, and the 16× read must take less than 64
//! times as long (linear: about 16; the quadratic line counting this guards
//! against: about 256). The fastest of several runs, taken in turns, is
//! compared, so a loaded machine slows both sides alike; no absolute time
//! is asserted (the speed itself is measured by `gloss bench refi`).

use gloss::formats::codebook::qdc;
use gloss::formats::refi::read::parse_project;
use std::time::{Duration, Instant};

/// One input shape: a document of about `n` repeated units.
struct Shape {
    name: &'static str,
    kind: Kind,
    build: fn(usize) -> String,
}

#[derive(Clone, Copy)]
enum Kind {
    Qdc,
    Qde,
}

fn read(kind: Kind, xml: &str) {
    match kind {
        Kind::Qdc => {
            qdc::parse(xml).expect("the generated codebook is valid");
        }
        Kind::Qde => {
            parse_project(xml).expect("the generated project is valid");
            // The import reads the project's codebook with the .qdc reader too.
            qdc::parse(xml).expect("the generated project's codebook is valid");
        }
    }
}

/// The fastest of `runs` reads of `small` and of `large`, taken in turns
/// so a burst of load on the machine slows both sides alike.
fn fastest(kind: Kind, small: &str, large: &str, runs: usize) -> (Duration, Duration) {
    let time = |xml: &str| {
        let t = Instant::now();
        read(kind, xml);
        t.elapsed()
    };
    let (mut a, mut b) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        a = a.min(time(small));
        b = b.min(time(large));
        a = a.min(time(small));
    }
    (a, b)
}

fn guid(i: usize) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", i, i)
}

/// A codebook whose one code holds `n` units.
fn codebook(n: usize, unit: impl Fn(usize) -> String) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n<Code guid=\"2ce89c66-c28d-473b-b5c4-6cf87d20ef04\" name=\"root\" isCodable=\"true\">\n");
    for i in 0..n {
        s.push_str(&unit(i));
    }
    s.push_str("</Code>\n</Codes>\n</CodeBook>\n");
    s
}

/// A project whose one text source holds `n` units.
fn project(n: usize, unit: impl Fn(usize) -> String) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n<CodeBook><Codes><Code guid=\"2ce89c66-c28d-473b-b5c4-6cf87d20ef04\" name=\"c\" isCodable=\"true\"/></Codes></CodeBook>\n<Sources>\n<TextSource guid=\"11111111-1111-1111-1111-111111111111\" name=\"t\" plainTextPath=\"internal://11111111-1111-1111-1111-111111111111.txt\">\n");
    for i in 0..n {
        s.push_str(&unit(i));
    }
    s.push_str("</TextSource>\n</Sources>\n</Project>\n");
    s
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "qdc: a comment a line",
            kind: Kind::Qdc,
            build: |n| codebook(n, |i| format!("<!-- comment {i} -->\n")),
        },
        Shape {
            name: "qdc: comments on one line",
            kind: Kind::Qdc,
            build: |n| codebook(n, |i| format!("<!--{i}-->")),
        },
        Shape {
            name: "qdc: codes with descriptions and entities",
            kind: Kind::Qdc,
            build: |n| {
                codebook(n / 6, |i| {
                    format!(
                        "<Code guid=\"{}\" name=\"c{i}\" isCodable=\"true\" color=\"#102030\"><Description>a &amp; b &#233;\n</Description></Code>\n",
                        guid(i)
                    )
                })
            },
        },
        Shape {
            name: "qdc: nested codes",
            kind: Kind::Qdc,
            build: |n| {
                // Trees 100 deep (well under the reader's nesting limit).
                let mut s = String::from("<CodeBook><Codes>");
                for t in 0..n / 100 {
                    for i in 0..100 {
                        s.push_str(&format!("<Code name=\"n{t}.{i}\" isCodable=\"true\">\n"));
                    }
                    s.push_str(&"</Code>".repeat(100));
                }
                s.push_str("</Codes></CodeBook>");
                s
            },
        },
        Shape {
            name: "qdc: processing instructions and CDATA",
            kind: Kind::Qdc,
            build: |n| codebook(n, |i| format!("<?pi {i}?><![CDATA[x{i}]]>\n")),
        },
        Shape {
            name: "qde: a comment a line",
            kind: Kind::Qde,
            build: |n| project(n, |i| format!("<!-- comment {i} -->\n")),
        },
        Shape {
            name: "qde: coded selections",
            kind: Kind::Qde,
            build: |n| {
                project(n / 10, |i| {
                    format!(
                        "<PlainTextSelection guid=\"{}\" startPosition=\"{i}\" endPosition=\"{}\">\n<Coding guid=\"{}\"><CodeRef targetGUID=\"2ce89c66-c28d-473b-b5c4-6cf87d20ef04\"/></Coding>\n</PlainTextSelection>\n",
                        guid(i),
                        i + 1,
                        guid(i + 1_000_000)
                    )
                })
            },
        },
    ]
}

#[test]
fn xml_readers_run_in_linear_time() {
    // 1× is 2,000 units (30 to 90 KB) for every shape, then 16×.
    const UNITS: usize = 2_000;
    const FACTOR: usize = 16;
    // Linear is about 16×, quadratic about 256×; the slack absorbs a loaded
    // machine (ratios up to 2.5 times the linear one were seen with two
    // builds running beside the test).
    const LIMIT: f64 = 4.0 * FACTOR as f64;
    let mut report = Vec::new();
    for shape in shapes() {
        let small = (shape.build)(UNITS);
        let large = (shape.build)(UNITS * FACTOR);
        // Warm up (allocator, page faults).
        read(shape.kind, &small);
        let (t1, t16) = fastest(shape.kind, &small, &large, 4);
        // A floor so timer granularity on a tiny 1× run cannot fail the test.
        let t1 = t1.max(Duration::from_micros(200));
        let ratio = t16.as_secs_f64() / t1.as_secs_f64();
        report.push(format!(
            "{}: {} KB in {:?}, {} KB in {:?}: ×{ratio:.1}",
            shape.name,
            small.len() / 1000,
            t1,
            large.len() / 1000,
            t16
        ));
        assert!(
            ratio < LIMIT,
            "{}: reading {FACTOR}× the input took {ratio:.1}× as long (linear ≈ {FACTOR}×)\n{}",
            shape.name,
            report.join("\n")
        );
    }
    eprintln!("{}", report.join("\n"));
}
