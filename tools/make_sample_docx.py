#!/usr/bin/env python3
"""Build the fictional sample transcript fg03-cooperative-meeting.docx for Gloss.

Standard library only (zipfile + xml escaping). Every word below is invented
for the Gloss project: the cooperative, the people and the events are fictional.

Usage:  python3 tools/make_sample_docx.py [output.docx]
Default output: sample-transcripts/fg03-cooperative-meeting.docx (relative to
the repository root, which is found from this script's location).

Document layout (what an importer sees):
  * title paragraph, then a plain note paragraph (no speaker label);
  * one paragraph per turn: a bold run "Speaker:" followed by one or more
    plain runs with the text; "\n" inside a turn becomes <w:br/>;
    turns listed in SPLIT_RUNS have their text split over several runs;
  * a plain paragraph introducing the table, then a two-column table
    (speaker | text, no header row, speaker cell bold WITHOUT colon)
    holding the last TABLE_TURNS turns.
"""
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

TITLE = "Women's cooperative meeting \u2014 Mutoshi (FICTIONAL)"
NOTE = "Fictional transcript written for the Gloss project"
TABLE_INTRO = "Closing round (typed into a table by the note-taker)"

# (speaker, text). "\n" inside a text becomes a line break (<w:br/>).
TURNS = [
    ("Facilitator",
     "Bonjour à toutes, good morning everyone. Thank you for making time before the washing starts. "
     "As agreed last week, we speak French and English today, and anyone can speak Swahili if it is easier; "
     "I will translate. Nothing said here will be written with your names. Est-ce que tout le monde est d'accord ?"),
    ("Chairwoman",
     "Oui, nous sommes d'accord. On a déjà expliqué aux membres qui étaient absentes la dernière fois. "
     "[EN: Yes, we agree. We already explained to the members who were absent last time.]"),
    ("Facilitator",
     "Merci, Madame la Présidente. Could you start by reminding us how the cooperative began?"),
    ("Chairwoman",
     "Nous avons commencé en 2019 avec vingt-deux femmes, toutes laveuses. Avant, chaque femme lavait seule, "
     "au bord de la rivière, et chaque homme qui passait pouvait lui prendre sa place.\n"
     "Aujourd'hui nous sommes quatre-vingt-sept membres. Nous avons notre propre zone de lavage, reconnue par le chef de site.\n"
     "[EN: We started in 2019 with twenty-two women, all washers. Before, each woman washed alone by the river and any man "
     "could take her place. Today we are eighty-seven members, with our own washing area recognised by the site manager.]"),
    ("Member 1",
     "Et avant, on payait à l'entrée, on payait à la sortie, on payait à la barrière. "
     "Maintenant on paie une fois, à la coopérative, et la coopérative discute avec eux."),
    ("Facilitator",
     "So, for the English notes: before, women paid at the entrance, at the exit and at the road barrier; "
     "now they pay once, to the cooperative, and the cooperative negotiates. Is that right?"),
    ("Member 1",
     "C'est ça. Not always, but most days."),
    ("Treasurer",
     "Je peux donner les chiffres. La cotisation est de deux mille francs par mois. "
     "Pour les nouvelles, l'inscription coûte dix mille, mais on accepte de payer en trois fois. "
     "Avec l'argent, on paie le gardien de la zone, on garde une caisse pour les malades, "
     "et depuis l'année passée il y a la caisse scolaire."),
    ("Facilitator",
     "The treasurer says the monthly contribution is two thousand francs, registration is ten thousand, "
     "payable in three instalments. The money pays a guard for the washing area, a fund for members who are sick, "
     "and, since last year, a school fund. Tell us about the school fund."),
    ("Treasurer",
     "La caisse scolaire, c'est pour les frais de motivation des enseignants et les frais d'examen. "
     "Une membre qui a un enfant en cinquième ou sixième primaire peut demander une avance. "
     "Elle rembourse petit à petit, sans intérêt."),
    ("Member 2",
     "Moi, j'ai pris l'avance pour ma fille. Sans ça, elle serait au site avec moi. "
     "Elle est en sixième maintenant. Elle veut devenir infirmière."),
    ("Facilitator",
     "That connects to the rule about children. I heard you decided something about children in the washing area."),
    ("Chairwoman",
     "Oui. La règle, c'est pas d'enfant de moins de quinze ans dans notre zone. Pas pour laver, pas pour porter, pas pour vendre. "
     "Les bébés au dos, on ne peut pas les interdire, une maman qui allaite doit venir avec son bébé. "
     "Mais on a fait un coin à l'ombre, loin de l'eau, et une maman garde les petits à tour de rôle."),
    ("Member 3",
     "Au début, c'était difficile. Il y a des mamans qui se sont fâchées, parce que l'enfant aide beaucoup. "
     "Un enfant peut trier les pierres plus vite que nous. Il y a deux choses : l'argent qu'il ramène, et le fait qu'il n'y a personne à la maison pour le garder."),
    ("Facilitator",
     "So two reasons children came: the money they bring, and no one at home to look after them. How did you deal with the second one?"),
    ("Member 3",
     "Pour ceux qui vont à l'école, ça va. Pour les tout-petits, c'est le coin à l'ombre. "
     "Pour les grands qui ne vont pas à l'école, honnêtement, certains sont partis vers d'autres sites où personne ne contrôle. "
     "We pushed the problem a little further away. I have to say it."),
    ("Facilitator",
     "Thank you for being honest about that. Let's talk about safety. How safe do you feel going to and from the site?"),
    ("Member 4",
     "I can answer in English, I worked in Lubumbashi before. [laughs] The walk is the worst part. "
     "We leave before five, in the dark, and the path goes near the depot where men are drinking at night. "
     "Now we walk in groups of four or five. The cooperative decided that. Nobody walks alone before sunrise."),
    ("Secretary",
     "Et à la barrière, avant, les agents demandaient de l'argent à chaque femme, ou autre chose. "
     "Maintenant la présidente passe avec la liste des membres, et on paie une somme pour tout le groupe. "
     "Ce n'est pas légal, on le sait, mais c'est moins dangereux qu'avant."),
    ("Facilitator",
     "The secretary says that at the barrier officials used to ask each woman for money or for something else; "
     "now the chairwoman goes through with the list of members and one payment is made for the group. "
     "When you say \"something else\", do you want to say more, or shall we leave it there?"),
    ("Secretary",
     "On laisse comme ça. Tout le monde ici comprend.\n"
     "Ce que je peux dire, c'est que si une femme a un problème, maintenant elle sait où aller. "
     "Il y a Maman Rose, notre relais, elle l'amène au centre de santé, et Kivuko fait le reste."),
    ("Member 2",
     "Mais le centre de santé est loin, et parfois il n'y a pas les médicaments. "
     "Une femme de chez nous est allée trois jours après, on lui a dit que c'était trop tard pour certains traitements. "
     "Elle ne savait pas qu'il fallait venir vite."),
    ("Facilitator",
     "So the referral works, but distance, medicine stock-outs and late arrival are still problems. "
     "Has the cooperative talked about that?"),
    ("Chairwoman",
     "Oui. Maintenant, à chaque réunion, on répète : si quelque chose arrive, il faut aller au centre dans les trois jours. "
     "Et la caisse des malades peut payer la moto."),
    ("Facilitator",
     "Let's talk about money and work more broadly. Are women in the cooperative better off than washers outside it?"),
    ("Treasurer",
     "Un peu. Nous vendons ensemble au même acheteur, alors il ne peut pas jouer avec chaque femme. "
     "Avant, il disait que la teneur était basse et il payait ce qu'il voulait. "
     "Maintenant nous avons négocié qu'une de nous soit présente quand on mesure la teneur. "
     "But we still don't control the machine. On ne contrôle toujours pas la machine."),
    ("Member 1",
     "Et il y a des femmes qui ne peuvent pas payer la cotisation. Elles lavent à côté, en dehors de notre zone, "
     "et elles n'ont pas la protection du groupe. Ça fait mal au cœur, mais si personne ne paie, la coopérative meurt."),
    ("Facilitator",
     "That is an important point: the women who cannot pay the contribution stay outside and don't get the protection. "
     "Has the cooperative thought about that?"),
    ("Chairwoman",
     "On a discuté. On a accepté que les veuves paient la moitié. Ce n'est pas assez, je sais. "
     "Et il y a aussi les hommes de l'autre coopérative, qui disent que notre zone leur appartient. "
     "Chaque mois, il y a quelqu'un qui vient mesurer le terrain avec un papier."),
    ("Facilitator",
     "Which brings us to the other actors around you. The company next door, the buyers, the NGOs, the state services. Who helps, and who doesn't?"),
    ("Secretary",
     "Kivuko nous a aidées depuis le début, pour l'enregistrement, pour la comptabilité, pour les formations. "
     "La compagnie Tshanga est venue deux fois. Ils ont pris des photos, ils ont dit qu'on est un bon exemple. "
     "Ils ont promis un forage. On attend toujours. [laughs]"),
    ("Member 4",
     "The people from the buyers also came, with a questionnaire. They asked how many children, how many women, do we have a register. "
     "They did not ask what we need. I asked them for boots and gloves. They wrote it down."),
    ("Facilitator",
     "And the state services?"),
    ("Chairwoman",
     "Le service qui encadre les artisanaux est venu nous aider pour les papiers de la coopérative, c'est vrai. "
     "Mais chaque service veut sa part. Le même jour, trois services différents peuvent venir demander une taxe. "
     "Et la police de la mine, certains sont corrects, d'autres non."),
    ("Facilitator",
     "Let's look ahead. If you had other options than washing, what would they be?"),
    ("Member 3",
     "Le champ. Nous avons demandé un terrain au chef pour cultiver ensemble du maïs et des légumes. "
     "Il nous a donné un terrain, mais c'est à deux heures de marche. "
     "Si on marche deux heures pour le champ et on lave le même jour, on n'a plus de force."),
    ("Member 2",
     "Moi je vends des beignets aux creuseurs le matin, avant de laver. C'est le petit commerce qui m'aide le plus. "
     "Avec le groupe d'épargne, j'ai acheté une deuxième marmite. Mais le charbon est devenu très cher."),
    ("Facilitator",
     "So farming collectively, but the field is two hours away, and small trade like selling fritters, "
     "limited by the price of charcoal. Energy again: time, strength, and fuel."),
    ("Member 4",
     "Yes. Every project wants a meeting. [laughs] Today is the third meeting this month. "
     "I am happy to talk to you, but we also need to wash."),
    ("Facilitator",
     "That's fair, and we'll finish soon. One last round: what is the one thing you would ask for?"),
    ("Member 1",
     "Un forage près de la zone de lavage. L'eau propre, pour boire et pour laver. Ça nous donnerait du temps."),
    ("Treasurer",
     "Une vraie balance et un vrai appareil pour la teneur, qui appartient à la coopérative. "
     "Then nobody can cheat us."),
    ("Member 2",
     "Que l'école secondaire soit gratuite. Si ma fille finit la sixième, je ne sais pas comment je vais payer la suite."),
    ("Chairwoman",
     "Que la zone soit à nous sur papier, pour toujours. Sans la zone, il n'y a plus de coopérative, "
     "et sans la coopérative, chaque femme est seule à la barrière. Merci à toutes, asante sana."),
]

TABLE_TURNS = 4  # the last N turns go into the closing table instead of paragraphs

# Turns whose text is split over several runs (as Word does after edits).
SPLIT_RUNS = {3, 13, 17, 25}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def t_elem(text):
    return '<w:t xml:space="preserve">%s</w:t>' % escape(text)


def runs_for(text, bold=False, split=False):
    """Plain runs for `text`; "\n" becomes <w:br/>; optionally split into several runs."""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for li, line in enumerate(text.split("\n")):
        if li > 0:
            out.append("<w:r>%s<w:br/></w:r>" % rpr)
        pieces = [line]
        if split:
            # split after ". ", "? ", "! ", ", " (keeping the space at the end of the
            # earlier run), merging short pieces so each run has some substance
            pieces = []
            for part in re.split(r"(?<=[.?!,]) (?=\S)", line):
                if pieces and len(pieces[-1]) < 25:
                    pieces[-1] += part + " "
                else:
                    pieces.append(part + " ")
            pieces[-1] = pieces[-1][:-1]
        for piece in pieces:
            out.append("<w:r>%s%s</w:r>" % (rpr, t_elem(piece)))
    return "".join(out)


def para(inner, style=None):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return "<w:p>%s%s</w:p>" % (ppr, inner)


def turn_paragraph(idx, speaker, text):
    label = "<w:r><w:rPr><w:b/></w:rPr><w:t>%s:</w:t></w:r>" % escape(speaker)
    body = runs_for(" " + text, split=idx in SPLIT_RUNS)
    return para(label + body)


def cell(inner_runs, width):
    return ('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>'
            % (width, para(inner_runs)))


def table(turns):
    border = '<w:%s w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(border % b for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
    rows = []
    for speaker, text in turns:
        rows.append("<w:tr>%s%s</w:tr>" % (
            cell(runs_for(speaker, bold=True), 2000),
            cell(runs_for(text), 7000)))
    return ('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>%s</w:tblBorders></w:tblPr>'
            '<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="7000"/></w:tblGrid>%s</w:tbl>'
            % (borders, "".join(rows)))


def document_xml():
    body = [para(runs_for(TITLE), "Title"), para(runs_for(NOTE))]
    para_turns = TURNS[:-TABLE_TURNS]
    for i, (speaker, text) in enumerate(para_turns):
        body.append(turn_paragraph(i, speaker, text))
    body.append(para(runs_for(TABLE_INTRO)))
    body.append(table(TURNS[-TABLE_TURNS:]))
    body.append(para(""))  # Word wants a paragraph after a table at the end of the body
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
            'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="%s"><w:body>%s%s</w:body></w:document>'
            % (W_NS, "".join(body), sect))


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>
"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="%s">
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
</w:styles>
""" % W_NS

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>%s</dc:title>
<dc:description>Fictional transcript written for the Gloss project. No real person's words.</dc:description>
<dc:creator>Gloss project</dc:creator>
<cp:lastModifiedBy>Gloss project</cp:lastModifiedBy>
<dc:language>en-GB</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>
</cp:coreProperties>
""" % escape(TITLE)

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>Gloss sample generator (make_sample_docx.py)</Application>
</Properties>
"""


def word_count():
    texts = [TITLE, NOTE, TABLE_INTRO] + [s + ": " + t for s, t in TURNS]
    return sum(len(t.split()) for t in texts)


def build(path):
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document_xml()),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # reproducible output
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "sample-transcripts", "fg03-cooperative-meeting.docx")
    build(out)
    speakers = sorted({s for s, _ in TURNS})
    print("wrote %s: %d turns (%d in table), %d words (labels included)"
          % (out, len(TURNS), TABLE_TURNS, word_count()))
    print("speakers: " + ", ".join(speakers))


if __name__ == "__main__":
    main()
