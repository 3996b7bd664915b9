#!/usr/bin/env python3
"""Builds sample-transcripts/demo-codings.jsonl: fictional codings by two
coders (amani, neema) on the sample transcripts, so that `gloss demo` shows
coded passages and a non-trivial agreement screen. Offsets are char offsets
found by locating each passage in the document text as Gloss imports it.

Usage: python3 tools/make_demo_codings.py path/to/gloss-binary
"""
import json, os, subprocess, sys, tempfile

gloss = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
samples = os.path.join(root, "sample-transcripts")

# (document, passage, code path, coders) — "both" or one coder; a tuple of
# (amani_passage, neema_passage) gives each coder different boundaries.
PLAN = [
    ("fg01-kasulo-femmes-mineures", "Si tu pars seule", "Women's security/Physical security", "both"),
    ("fg01-kasulo-femmes-mineures", "Moi, depuis 2019. Je lave les minerais au bord de la rivière", "Livelihoods and alternatives", "amani"),
    ("fg01-kasulo-femmes-mineures", ("Les frais scolaires.", "Les frais scolaires. On dit que le primaire est gratuit maintenant."), "Schooling/School fees", "split"),
    ("fg01-kasulo-femmes-mineures", "Le tri, depuis deux ans.", "Child labour/Forms of child labour", "neema"),
    ("fg01-kasulo-femmes-mineures", "On tousse la nuit. Nos enfants aussi toussent.", "Women's security/Energy security", "both"),
    ("int01-ngo-programme-lead", "savings groups, small business training", "Livelihoods and alternatives/Alternative livelihood programmes", "both"),
    ("int01-ngo-programme-lead", "accompanying women who have experienced violence", "Gender-based violence/Reporting and referral", "both"),
    ("int01-ngo-programme-lead", ("The women tell us about the walk to the site before sunrise", "The women tell us about the walk to the site before sunrise and the walk back after dark."), "Women's security/Physical security", "split"),
    ("int01-ngo-programme-lead", "There are informal payments to enter", "Gender-based violence/Harassment at sites", "amani"),
    ("int01-ngo-programme-lead", "There are informal payments to enter", "Women's security/Economic security", "neema"),
    ("int02-company-community-relations", "we meet at 14:30 every Thursday", "Actors of responsible sourcing/Companies and buyers", "both"),
    ("int03-whisper-draft-health-worker", "cuts and wounds on the hands and feet", "Women's security/Physical security", "both"),
    ("fg02-kanina-femmes-swahili", "Watoto wengine banakuya ku site pendant ba vacances, banatafuta pesa ya shule.", "Child labour/Drivers of child labour", "both"),
]

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "c"), XDG_DATA_HOME=os.path.join(tmp, "d"))
    p = os.path.join(tmp, "p.gloss")
    subprocess.run([gloss, "init", p], check=True, env=env, capture_output=True)
    files = [os.path.join(samples, f) for f in sorted(os.listdir(samples)) if f.endswith((".txt", ".vtt", ".docx"))]
    subprocess.run([gloss, "import", p, *files], check=True, env=env, capture_output=True)
    texts = {}
    out = []

    def add(doc, passage, code, coder):
        if doc not in texts:
            texts[doc] = json.loads(subprocess.run([gloss, "show", p, doc, "--json"], check=True, env=env, capture_output=True).stdout)["text"]
        i = texts[doc].find(passage)
        if i < 0:
            sys.exit(f"passage not found in {doc}: {passage!r}")
        out.append({"doc": doc, "code": code, "coder": coder, "start": i, "end": i + len(passage)})

    for doc, passage, code, who in PLAN:
        if who == "both":
            add(doc, passage, code, "amani"); add(doc, passage, code, "neema")
        elif who == "split":
            add(doc, passage[0], code, "amani"); add(doc, passage[1], code, "neema")
        else:
            add(doc, passage, code, who)

with open(os.path.join(samples, "demo-codings.jsonl"), "w", encoding="utf-8") as f:
    f.write("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out))
print(f"wrote {len(out)} codings")
