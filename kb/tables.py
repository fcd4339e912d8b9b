"""Legal tables kb must keep itself, each with its source.

Everything here is knowledge that reporters-db and courts-db do not carry
(T10_STATES, read from reporters-db, is the one exception: kept here under its
old name for the modules that read it). Reporters, their editions and courts
come from those packages, never from here.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any


def _reporters_db_data(name: str) -> Any:
    """One of reporters-db's JSON data files, read without importing the package."""
    spec = importlib.util.find_spec("reporters_db")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("reporters-db is not installed; pip install reporters-db")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))


# Immigration and Nationality Act section -> 8 U.S.C. section.
# Source: the INA/U.S. Code conversion table published with the INA by USCIS
# ("Immigration and Nationality Act", table of sections with U.S.C. cites).
INA_TO_USC: dict[str, str] = {
    "101": "1101",
    "103": "1103",
    "104": "1104",
    "201": "1151",
    "202": "1152",
    "203": "1153",
    "204": "1154",
    "205": "1155",
    "207": "1157",
    "208": "1158",
    "209": "1159",
    "210": "1160",
    "211": "1181",
    "212": "1182",
    "213": "1183",
    "213A": "1183a",
    "214": "1184",
    "215": "1185",
    "216": "1186a",
    "217": "1187",
    "221": "1201",
    "222": "1202",
    "231": "1221",
    "232": "1222",
    "235": "1225",
    "235A": "1225a",
    "236": "1226",
    "236A": "1226a",
    "237": "1227",
    "238": "1228",
    "239": "1229",
    "240": "1229a",
    "240A": "1229b",
    "240B": "1229c",
    "241": "1231",
    "242": "1252",
    "243": "1253",
    "244": "1254a",
    "245": "1255",
    "246": "1256",
    "248": "1258",
    "249": "1259",
    "262": "1302",
    "264": "1304",
    "266": "1306",
    "271": "1321",
    "273": "1323",
    "274": "1324",
    "274A": "1324a",
    "274B": "1324b",
    "274C": "1324c",
    "275": "1325",
    "276": "1326",
    "286": "1356",
    "287": "1357",
    "291": "1361",
    "292": "1362",
    "301": "1401",
    "310": "1421",
    "312": "1423",
    "316": "1427",
    "320": "1431",
    "322": "1433",
    "334": "1445",
    "337": "1448",
    "340": "1451",
    "349": "1481",
    "501": "1531",
    "504": "1534",
}

# Bluebook T6 words that reporters-db's CASE_NAME_ABBREVIATIONS lacks, or
# gives in the 20th edition's form (it has "Envtl." and "Lab."). Source: The
# Bluebook (21st ed. 2020), Table T6 (Case Names and Institutional Authors in
# Citations). Plurals are formed from these by kb.abbreviations.
T6_SUPPLEMENT: dict[str, str] = {
    "American": "Am.",
    "Attorney": "Att'y",
    "Circuit": "Cir.",
    "Court": "Ct.",
    "Distribution": "Distrib.",
    "Enforcement": "Enf't",
    "Environmental": "Env't",
    "Estate": "Est.",
    "Family": "Fam.",
    "Human": "Hum.",
    "Laboratory": "Lab'y",
    "Office": "Off.",
    "Research": "Rsch.",
    "Technical": "Tech.",
    "Trust": "Tr.",  # T6 "Trust[ee]"; reporters-db lists only "Trustee"
}

# Abbreviations some courts print in case names where Bluebook T6 has another
# form (California and Ohio reporters write "Dept.", "Assn."). Source: The
# Bluebook (21st ed. 2020), Table T6, against the California Style Manual
# (4th ed. 2000) and the Ohio Supreme Court Writing Manual (3d ed. 2018).
T6_VARIANTS: dict[str, str] = {
    "Dept.": "Dep't",
    "Assn.": "Ass'n",
    "Assns.": "Ass'ns",
    "Commn.": "Comm'n",
    "Govt.": "Gov't",
    "Natl.": "Nat'l",
    "Intl.": "Int'l",
    "Dist.": "Dist.",
    "Mgt.": "Mgmt.",
    "Cty.": "Cnty.",
}

# Bluebook T10 state abbreviations, full name -> abbreviation, used to read
# court parentheticals that spell a state out ("D. Kansas") against courts-db's
# citation strings. Source: reporters-db's STATE_ABBREVIATIONS (abbreviation ->
# name), inverted; read from its data file so that importing kb does not load
# every reporter (``import reporters_db`` takes about 0.2 s).
T10_STATES: dict[str, str] = {name: abbr for abbr, name in _reporters_db_data("state_abbreviations.json").items()}

# Introductory signals (Bluebook rule 1.2), longest first so that "see also"
# wins over "see". Values are the canonical lower-case form.
SIGNALS: tuple[tuple[str, str], ...] = (
    (r"see,?\s*e\.\s?g\.?\s*,?", "see, e.g."),
    (r"but\s+see,?\s*e\.\s?g\.?\s*,?", "but see, e.g."),
    (r"see\s+also", "see also"),
    (r"see\s+generally", "see generally"),
    (r"but\s+see", "but see"),
    (r"but\s+cf\.", "but cf."),
    (r"cf\.", "cf."),
    (r"compare", "compare"),
    (r"contra", "contra"),
    (r"accord", "accord"),
    (r"e\.\s?g\.?\s*,", "e.g."),
    (r"see", "see"),
)

# Parentheticals that describe the citation itself rather than explain why it
# is cited (Bluebook rules 1.5 and 5.2-5.3): they are never propositions.
NON_EXPLANATORY_PARENTHETICALS = (
    r"(?:internal\s+)?(?:quotation|quotations|quote)(?:\s+marks)?(?:\s+and\s+(?:citations?|alterations?|brackets))?\s+omitted",
    r"(?:internal\s+)?(?:citations?|alterations?|brackets?|footnotes?|ellipses?)(?:\s+and\s+[a-z ]+)?\s+omitted",
    r"(?:internal\s+)?(?:alterations?|brackets?|emphasis)\s+(?:in\s+original|added|omitted|supplied)",
    r"en\s+banc",
    r"per\s+curiam",
    r"plurality(?:\s+opinion)?",
    r"mem\.?",
    r"unpublished(?:\s+table\s+decision)?",
    r"table(?:\s+decision)?",
    r"(?:[A-Z][\w.']*,?\s+){1,4}J\.,\s+(?:concurring|dissenting)(?:\s+in\s+part)?(?:\s+and\s+(?:concurring|dissenting)\s+in\s+part)?",
    r"as\s+amended",
    r"amended",
    r"per\s+curiam\s+opinion",
)

# Words that open an explanatory parenthetical stating a nested authority
# relation, and the relation they state.
NESTED_RELATIONS: tuple[tuple[str, str], ...] = (
    (r"quoting", "quoting"),
    (r"citing", "citing"),
    (r"relying\s+on", "relying_on"),
    (r"adopting", "adopting"),
    (r"following", "following"),
    (r"cited\s+in", "cited_in"),
    (r"quoted\s+in", "quoted_in"),
)

# Abbreviations that open record citations (Bluebook B17 / local practice):
# a cite to the complaint, an exhibit or the docket, never an authority. An
# "Id." whose nearest antecedent is one of these refers to the record.
RECORD_CITE_WORDS = (
    r"Compl",
    r"Am\.\s+Compl",
    r"Opp'n",
    r"Reply",
    r"Mot",
    r"Mem\.\s+in\s+Supp",
    r"Pet",
    r"Resp",
    r"Answer",
    r"Ans",
    r"Decl",
    r"Aff",
    r"Tr",
    r"Ex",
    r"Exs",
    r"ECF",
    r"Dkt",
    r"Doc",
    r"R\.",
    r"A\.R",
    r"AR",
    r"App",
    r"J\.A",
    r"SER",
    r"ER",
    r"Br",
    r"Stip",
    r"Order",
    r"Hr'g",
)

# Sections that federal opinions cite bare ("§ 1983") far more often than any
# other section with the same number, with their code. Used only when the
# opinion has no full cite of that section. Source: the sections most often
# cited in federal opinions (civil rights, jurisdiction, habeas, FTCA).
WELL_KNOWN_SECTIONS: dict[str, str] = {
    "1981": "42 U.S.C.",
    "1983": "42 U.S.C.",
    "1985": "42 U.S.C.",
    "1988": "42 U.S.C.",
    "1291": "28 U.S.C.",
    "1292": "28 U.S.C.",
    "1331": "28 U.S.C.",
    "1332": "28 U.S.C.",
    "1367": "28 U.S.C.",
    "1441": "28 U.S.C.",
    "1447": "28 U.S.C.",
    "1915": "28 U.S.C.",
    "2201": "28 U.S.C.",
    "2241": "28 U.S.C.",
    "2254": "28 U.S.C.",
    "2255": "28 U.S.C.",
    "1346": "28 U.S.C.",
    "2680": "28 U.S.C.",
}

# Circuit names as Bluebook numbers them ("Ninth Circuit Rule 36-3" -> "9th Cir. R. 36-3").
CIRCUIT_ORDINALS: dict[str, str] = {
    "first": "1st",
    "second": "2d",
    "third": "3d",
    "fourth": "4th",
    "fifth": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
    "eleventh": "11th",
    "d.c.": "D.C.",
    "federal": "Fed.",
}

# Two-letter postal codes of the states, D.C. and territories, which Juris-M
# jurisdictions in reporters-db use ("us:ca;supreme.court"). Source: USPS
# Publication 28, Appendix B (state and possession abbreviations).
POSTAL_STATES: dict[str, str] = {
    "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California", "co": "Colorado",
    "ct": "Connecticut", "de": "Delaware", "dc": "District of Columbia", "fl": "Florida", "ga": "Georgia",
    "hi": "Hawaii", "id": "Idaho", "il": "Illinois", "in": "Indiana", "ia": "Iowa", "ks": "Kansas",
    "ky": "Kentucky", "la": "Louisiana", "me": "Maine", "md": "Maryland", "ma": "Massachusetts",
    "mi": "Michigan", "mn": "Minnesota", "ms": "Mississippi", "mo": "Missouri", "mt": "Montana",
    "ne": "Nebraska", "nv": "Nevada", "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico",
    "ny": "New York", "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma",
    "or": "Oregon", "pa": "Pennsylvania", "ri": "Rhode Island", "sc": "South Carolina", "sd": "South Dakota",
    "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont", "va": "Virginia", "wa": "Washington",
    "wv": "West Virginia", "wi": "Wisconsin", "wy": "Wyoming", "pr": "Puerto Rico", "gu": "Guam",
    "vi": "Virgin Islands", "as": "American Samoa", "mp": "Northern Mariana Islands",
}  # fmt: skip

# State codes: the Bluebook name of each state's statutory code (T1, as
# reporters-db's laws.json spells it) and the other forms courts print for
# it. Source: The Bluebook (21st ed.) Table T1 for the names; the forms are
# those the states' own courts use (e.g. "G.L. c." in Massachusetts, "ILCS" in
# Illinois, "R.C." in Ohio, "RCW" in Washington, "K.S.A." in Kansas), as
# found in the opinions of ../shared/corpus and in the states' style manuals.
# Shapes: "sec" CODE § 1-2-3; "ch" CODE c. 12, § 3; "ilcs" 720 CODE 5/12-4;
# "title" 18 CODE § 2502 (the title before the code); "tit" CODE tit. 21,
# § 701.7; "title-tit" printed 21 CODE § 701.7, cited CODE tit. 21, § 701.7;
# "rule" CODE 3211 (no section sign, as N.Y. C.P.L.R.). A form without "§"
# must be followed directly by the section.
STATE_CODES: tuple[tuple[str, str, str, str], ...] = (
    # (postal code, Bluebook code, shape, regex of the forms printed)
    ("al", "Ala. Code", "sec", r"Ala\.\s?Code(?:\s?1975)?"),
    ("ak", "Alaska Stat.", "sec", r"Alaska\s?Stat\.(?:\s?Ann\.)?|AS(?=\s\d)"),
    ("az", "Ariz. Rev. Stat.", "sec", r"Ariz\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|A\.R\.S\."),
    ("ar", "Ark. Code Ann.", "sec", r"Ark\.\s?Code\s?Ann\."),
    ("co", "Colo. Rev. Stat.", "sec", r"Colo\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|C\.R\.S\."),
    (
        "ct",
        "Conn. Gen. Stat.",
        "sec",
        r"Conn\.\s?Gen\.\s?Stat\.(?:\s?Ann\.)?|General\s+Statutes(?:\s+\(Rev\.\s+to\s+\d{4}\))?",
    ),
    ("de", "Del. Code Ann.", "tit", r"Del\.\s?Code\s?Ann\."),
    ("de", "Del. Code Ann.", "title-tit", r"Del\.\s?C\."),
    ("dc", "D.C. Code", "sec", r"D\.\s?C\.\s?Code(?:\s?Ann\.)?"),
    ("fl", "Fla. Stat.", "sec", r"Fla\.\s?Stat\.(?:\s?Ann\.)?"),
    ("ga", "Ga. Code Ann.", "sec", r"Ga\.\s?Code\s?Ann\.|O\.C\.G\.A\."),
    ("hi", "Haw. Rev. Stat.", "sec", r"Haw\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|HRS"),
    ("id", "Idaho Code", "sec", r"Idaho\s?Code(?:\s?Ann\.)?"),
    ("il", "Ill. Comp. Stat.", "ilcs", r"ILCS|Ill\.\s?Comp\.\s?Stat\.(?:\s?Ann\.)?"),
    ("in", "Ind. Code", "sec", r"Ind\.\s?Code(?:\s?Ann\.)?|I\.C\.(?=\s?§)|Indiana\s+Code(?:\s+section)?"),
    ("ia", "Iowa Code", "sec", r"Iowa\s?Code(?:\s?Ann\.)?"),
    ("ks", "Kan. Stat. Ann.", "sec", r"Kan\.\s?Stat\.\s?Ann\.|K\.S\.A\."),
    ("ky", "Ky. Rev. Stat. Ann.", "sec", r"Ky\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|KRS"),
    ("la", "La. Stat. Ann.", "sec", r"La\.\s?(?:Rev\.\s?)?Stat\.\s?Ann\.|La\.\s?R\.\s?S\."),
    ("me", "Me. Rev. Stat. Ann.", "tit", r"Me\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?"),
    ("me", "Me. Rev. Stat. Ann.", "title-tit", r"M\.R\.S\.(?:A\.)?"),
    ("md", "Md. Code Ann.", "sec", r"Md\.\s?Code\s?Ann\."),
    ("ma", "Mass. Gen. Laws", "ch", r"G\.\s?L\.|M\.\s?G\.\s?L\.(?:\s?A\.)?|Mass\.\s?Gen\.\s?Laws(?:\s?Ann\.)?"),
    ("mi", "Mich. Comp. Laws", "sec", r"Mich\.\s?Comp\.\s?Laws(?:\s?Ann\.)?|MCL|M\.C\.L\.(?:A\.)?"),
    ("mn", "Minn. Stat.", "sec", r"Minn\.\s?Stat\.(?:\s?Ann\.)?"),
    ("ms", "Miss. Code Ann.", "sec", r"Miss\.\s?Code\s?Ann\."),
    ("mo", "Mo. Rev. Stat.", "sec", r"Mo\.\s?(?:Rev\.|Ann\.)\s?Stat\.|RSMo"),
    ("mt", "Mont. Code Ann.", "sec", r"Mont\.\s?Code\s?Ann\.|MCA(?=\s\d)"),
    ("ne", "Neb. Rev. Stat.", "sec", r"Neb\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?"),
    ("nv", "Nev. Rev. Stat.", "sec", r"Nev\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|NRS"),
    ("nh", "N.H. Rev. Stat. Ann.", "sec", r"N\.H\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|RSA"),
    ("nj", "N.J. Stat. Ann.", "sec", r"N\.J\.\s?Stat\.\s?Ann\.|N\.J\.S\.A\.?"),
    ("ny", "N.Y. C.P.L.R.", "rule", r"N\.Y\.\s?C\.P\.L\.R\.|CPLR|C\.P\.L\.R\."),
    ("ny", "N.Y. Crim. Proc. Law", "sec", r"N\.Y\.\s?Crim\.\s?Proc\.\s?Law|CPL(?=\s\d)"),
    ("nm", "N.M. Stat. Ann.", "sec", r"N\.M\.\s?Stat\.(?:\s?Ann\.)?|NMSA\s1978,?"),
    ("nc", "N.C. Gen. Stat.", "sec", r"N\.C\.\s?Gen\.\s?Stat\.(?:\s?Ann\.)?|N\.C\.G\.S\."),
    ("nd", "N.D. Cent. Code", "sec", r"N\.D\.\s?Cent\.\s?Code|N\.D\.C\.C\."),
    ("oh", "Ohio Rev. Code Ann.", "sec", r"Ohio\s?Rev\.\s?Code(?:\s?Ann\.)?|R\.C\.(?=\s?\d)"),
    ("ok", "Okla. Stat.", "tit", r"Okla\.\s?Stat\.(?:\s?Ann\.)?"),
    ("ok", "Okla. Stat.", "title-tit", r"O\.S\.(?:\s?\d{4})?,?"),
    ("or", "Or. Rev. Stat.", "sec", r"Or\.\s?Rev\.\s?Stat\.(?:\s?Ann\.)?|ORS"),
    ("pa", "Pa. Cons. Stat.", "title", r"Pa\.\s?Cons\.\s?Stat\.(?:\s?Ann\.)?|Pa\.\s?C\.\s?S\.(?:\s?A\.)?"),
    (
        "pa",
        "Pa. Stat. and Cons. Stat. Ann.",
        "title",
        r"Pa\.\s?Stat\.(?:\s?(?:and\s?Cons\.\s?Stat\.\s?)?Ann\.)?|P\.S\.",
    ),
    ("pr", "P.R. Laws Ann.", "tit", r"P\.\s?R\.\s?Laws\s?Ann\."),
    ("pr", "P.R. Laws Ann.", "title-tit", r"L\.P\.R\.A\."),
    ("ri", "R.I. Gen. Laws", "sec", r"R\.I\.\s?Gen\.\s?Laws(?:\s?Ann\.)?"),
    ("sc", "S.C. Code Ann.", "sec", r"S\.C\.\s?Code(?:\s?Ann\.)?"),
    ("sd", "S.D. Codified Laws", "sec", r"S\.D\.\s?Codified\s?Laws|SDCL"),
    ("tn", "Tenn. Code Ann.", "sec", r"Tenn\.\s?Code\s?Ann\.|Tennessee\s+Code\s+Annotated(?:\s+section)?|T\.C\.A\."),
    ("ut", "Utah Code Ann.", "sec", r"Utah\s?Code(?:\s?Ann\.)?"),
    ("vt", "Vt. Stat. Ann.", "tit", r"Vt\.\s?Stat\.\s?Ann\."),
    ("vt", "Vt. Stat. Ann.", "title-tit", r"V\.S\.A\."),
    ("va", "Va. Code Ann.", "sec", r"Va\.\s?Code(?:\s?Ann\.)?"),
    ("wa", "Wash. Rev. Code", "sec", r"Wash\.\s?Rev\.\s?Code(?:\s?Ann\.)?|RCW"),
    ("wv", "W. Va. Code", "sec", r"W\.\s?Va\.\s?Code(?:\s?Ann\.)?"),
    ("wi", "Wis. Stat.", "sec", r"(?i:Wis(?:consin)?\.?\s?Stat)\.(?:\s?Ann\.)?"),
    ("wy", "Wyo. Stat. Ann.", "sec", r"Wyo\.\s?Stat\.(?:\s?Ann\.)?"),
)

# Codes named by subject (Bluebook T1: "Cal. Penal Code", "Tex. Fam. Code
# Ann.", "N.Y. Penal Law", "Md. Code Ann., Crim. Law"), the subjects as
# courts print them -> as Bluebook abbreviates them. Source: The Bluebook
# (21st ed.) Table T1 (California, Texas, New York, Maryland).
SUBJECT_CODES: dict[str, tuple[str, dict[str, str]]] = {
    # postal: (Bluebook pattern with {subject}, printed subject -> Bluebook subject)
    "ca": (
        "Cal. {subject} Code",
        {
            "Penal": "Penal", "Pen.": "Penal", "Civil Procedure": "Civ. Proc.", "Civ. Proc.": "Civ. Proc.",
            "Code Civ. Proc.": "Civ. Proc.", "Welfare and Institutions": "Welf. & Inst.",
            "Welfare & Institutions": "Welf. & Inst.", "Welf. & Inst.": "Welf. & Inst.", "Evidence": "Evid.",
            "Evid.": "Evid.", "Government": "Gov't", "Gov.": "Gov't", "Gov't": "Gov't", "Civil": "Civ.",
            "Civ.": "Civ.", "Vehicle": "Veh.", "Veh.": "Veh.", "Health and Safety": "Health & Safety",
            "Health & Safety": "Health & Safety", "Health & Saf.": "Health & Safety",
            "Business and Professions": "Bus. & Prof.", "Business & Professions": "Bus. & Prof.",
            "Bus. & Prof.": "Bus. & Prof.", "Labor": "Lab.", "Lab.": "Lab.", "Family": "Fam.", "Fam.": "Fam.",
            "Probate": "Prob.", "Prob.": "Prob.", "Insurance": "Ins.", "Ins.": "Ins.",
            "Revenue and Taxation": "Rev. & Tax.", "Rev. & Tax.": "Rev. & Tax.", "Corporations": "Corp.",
            "Corp.": "Corp.", "Education": "Educ.", "Ed.": "Educ.", "Educ.": "Educ.", "Elections": "Elec.",
            "Elec.": "Elec.", "Public Resources": "Pub. Res.", "Pub. Resources": "Pub. Res.",
            "Pub. Res.": "Pub. Res.", "Public Utilities": "Pub. Util.", "Pub. Util.": "Pub. Util.",
            "Pub. Utilities": "Pub. Util.", "Commercial": "Com.", "Com.": "Com.", "Financial": "Fin.",
            "Fin.": "Fin.", "Water": "Water", "Streets and Highways": "Sts. & High.",
            "Sts. & Hy.": "Sts. & High.", "Unemployment Insurance": "Unemp. Ins.", "Unemp. Ins.": "Unemp. Ins.",
        },
    ),
    "tx": (
        "Tex. {subject} Code Ann.",
        {
            "Penal": "Penal", "Family": "Fam.", "Fam.": "Fam.", "Finance": "Fin.", "Fin.": "Fin.",
            "Government": "Gov't", "Gov't": "Gov't", "Health and Safety": "Health & Safety",
            "Health & Safety": "Health & Safety", "Civil Practice and Remedies": "Civ. Prac. & Rem.",
            "Civ. Prac. & Rem.": "Civ. Prac. & Rem.", "Business and Commerce": "Bus. & Com.",
            "Bus. & Com.": "Bus. & Com.", "Education": "Educ.", "Educ.": "Educ.", "Election": "Elec.",
            "Elec.": "Elec.", "Estates": "Est.", "Est.": "Est.", "Human Resources": "Hum. Res.",
            "Hum. Res.": "Hum. Res.", "Insurance": "Ins.", "Ins.": "Ins.", "Labor": "Lab.", "Lab.": "Lab.",
            "Local Government": "Loc. Gov't", "Loc. Gov't": "Loc. Gov't", "Occupations": "Occ.", "Occ.": "Occ.",
            "Property": "Prop.", "Prop.": "Prop.", "Tax": "Tax", "Transportation": "Transp.",
            "Transp.": "Transp.", "Utilities": "Util.", "Util.": "Util.", "Water": "Water",
            "Alcoholic Beverage": "Alco. Bev.", "Alco. Bev.": "Alco. Bev.", "Agriculture": "Agric.",
            "Agric.": "Agric.", "Natural Resources": "Nat. Res.", "Nat. Res.": "Nat. Res.",
        },
    ),
    "ny": (
        "N.Y. {subject} Law",
        {
            "Penal": "Penal", "Criminal Procedure": "Crim. Proc.", "Crim. Proc.": "Crim. Proc.",
            "Family Court Act": "Fam. Ct. Act", "Domestic Relations": "Dom. Rel.", "Dom. Rel.": "Dom. Rel.",
            "Vehicle and Traffic": "Veh. & Traf.", "Veh. & Traf.": "Veh. & Traf.", "General Obligations": "Gen. Oblig.",
            "Gen. Oblig.": "Gen. Oblig.", "Labor": "Lab.", "Lab.": "Lab.", "Executive": "Exec.", "Exec.": "Exec.",
            "Real Property": "Real Prop.", "Real Prop.": "Real Prop.", "Transportation": "Transp.",
            "Transp.": "Transp.", "Insurance": "Ins.", "Ins.": "Ins.", "Social Services": "Soc. Serv.",
            "Soc. Serv.": "Soc. Serv.", "Education": "Educ.", "Educ.": "Educ.", "Judiciary": "Jud.",
            "Jud.": "Jud.", "Election": "Elec.", "Elec.": "Elec.", "Correction": "Correct.",
            "Correct.": "Correct.", "Mental Hygiene": "Mental Hyg.", "Mental Hyg.": "Mental Hyg.",
        },
    ),
}  # fmt: skip

# Subsequent and prior history phrases (Bluebook rule 10.7 and table T8), as
# courts print them, and the relation kb records from the cited decision to
# the later (or, for "aff'g", earlier) one. Longest first.
HISTORY_PHRASES: tuple[tuple[str, str], ...] = (
    (r"aff'?d\s+in\s+part\s+(?:and|&)\s+rev'?d\s+in\s+part", "aff'd in part, rev'd in part"),
    (r"aff'?d\s+in\s+part,\s+rev'?d\s+in\s+part", "aff'd in part, rev'd in part"),
    (r"rev'?d\s+in\s+part", "rev'd in part"),
    (r"rev'?d\s+(?:and|&)\s+remanded", "rev'd"),
    (r"rev'?d\s+on\s+other\s+grounds", "rev'd on other grounds"),
    (r"vacated\s+(?:and|&)\s+remanded", "vacated"),
    (r"vacated\s+on\s+other\s+grounds", "vacated on other grounds"),
    (r"aff'?d\s+(?:by\s+an\s+equally\s+divided\s+court|mem\.|per\s+curiam)", "aff'd"),
    (r"aff'?d\s+sub\s+nom\.", "aff'd"),
    (r"rev'?d\s+sub\s+nom\.", "rev'd"),
    (r"aff'?d", "aff'd"),
    (r"aff'?g", "aff'g"),
    (r"rev'?d", "rev'd"),
    (r"rev'?g", "rev'g"),
    (r"vacated", "vacated"),
    (r"vacating", "vacating"),
    (r"modified", "modified"),
    (r"withdrawn", "withdrawn"),
    (r"cert\.\s+denied", "cert. denied"),
    (r"cert\.\s+granted", "cert. granted"),
    (r"cert\.\s+dismissed", "cert. dismissed"),
    (r"reh'?g\s+(?:en\s+banc\s+)?denied", "reh'g denied"),
    (r"reh'?g\s+(?:en\s+banc\s+)?granted", "reh'g granted"),
    (r"(?:petition\s+for\s+)?review\s+denied", "review denied"),
    (r"rev\.\s*den(?:ied|\.)", "review denied"),  # Oregon: "46 Or. App. 547, rev. den. 298 Or. 903 (1980)"
    (r"(?:petition\s+for\s+)?review\s+granted", "review granted"),
    (r"appeal\s+dismissed", "appeal dismissed"),
    (r"appeal\s+denied", "appeal denied"),
    (r"(?:leave\s+to\s+appeal|lv\.?)\s+denied", "leave to appeal denied"),
    # "overruled on other grounds in Collins v. Sotka" (Ohio) as well as "... by".
    (r"overruled\s+(?:in\s+part\s+)?(?:on\s+(?:other|another|different)\s+grounds?\s+)?(?:by|in)", "overruled by"),
    (r"abrogated\s+(?:in\s+part\s+)?(?:on\s+(?:other|another|different)\s+grounds?\s+)?(?:by|in)", "abrogated by"),
    (r"superseded\s+(?:by\s+statute\s+)?(?:on\s+other\s+grounds\s+)?(?:as\s+stated\s+in|by)", "superseded by statute"),
    (r"disapproved\s+(?:of\s+)?(?:on\s+(?:other|another|different)\s+grounds?\s+)?(?:by|in)", "disapproved by"),
    (r"questioned\s+(?:in|by)", "questioned by"),
    (r"limited\s+by", "limited by"),
)

# Abbreviations older reporters print in case names, and the T6 form a
# citation uses instead ("CALIFORNIA NAT. BANK" -> "Cal. Nat'l Bank").
# Source: The Bluebook, Table T6, against the West and U.S. Reports captions
# of the corpus (cl2-94927 prints "Nat.").
PRINTED_ABBREVIATIONS: dict[str, str] = {
    "Nat.": "Nat'l",
    "Ass'n.": "Ass'n",
    "Assn.": "Ass'n",
    "Dept.": "Dep't",
    "Intern.": "Int'l",
    "Gov.": "Gov't",
}

# Forms of courts' names that captions print and courts-db does not match,
# each a regex over the caption line and the courts-db id it names.
# Source: the New York Slip Opinion headers ("Appellate Division, Second
# Department"), whose departments are only New York's.
CAPTION_COURTS: tuple[tuple[str, str], ...] = (
    (r"^Appellate Division,? (?:First|Second|Third|Fourth) (?:Judicial )?Department\.?$", "nyappdiv"),
    # Texas's fourteen intermediate courts are named by number alone (Tex. Gov't Code § 22.201).
    (
        r"^(?i:(?:in the )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
        r"|thirteenth|fourteenth) court of appeals)$",
        "texapp",
    ),
)

# Reporters that print the decisions of one court only, so an opinion's own
# citation in one names its court when the header prints no court line
# (nineteenth-century U.S. Reports captions often do not). Source: each
# reporter's coverage as reporters-db describes it ("United States Supreme
# Court Reports", "California Appellate Reports", "Appellate Division Reports").
REPORTER_COURTS: dict[str, str] = {
    "U.S.": "scotus",
    "S. Ct.": "scotus",
    "L. Ed.": "scotus",
    "L. Ed. 2d": "scotus",
    "Cal. App. 2d": "calctapp",
    "Cal. App. 3d": "calctapp",
    "Cal. App. 4th": "calctapp",
    "Cal. App. 5th": "calctapp",
    "Ill. App. 2d": "illappct",
    "Ill. App. 3d": "illappct",
    "Ga. App.": "gactapp",
    "Mich. App.": "michctapp",
    "Pa. Super.": "pasuperct",
    "A.D.2d": "nyappdiv",
    "A.D.3d": "nyappdiv",
    "Ohio App. 3d": "ohioctapp",
}


def _words(text: str) -> frozenset[str]:
    """A table written as words separated by white space."""
    return frozenset(text.split())


# Words that mark a caption's party as an organisation, a government or an
# office, not a person (whose first names a citation drops, Bluebook rule
# 10.2.1(g)); with the T6 words, which are all institutional. Source: the
# captions of the corpus's opinions.
CAPTION_ORG_WORDS = _words(
    """
of the & and for at inc inc. ltd ltd. llc l.l.c. llp co co. corp corp. bank trust club union
church board city town village county state states commonwealth people republic nation tribe
authority agency court district school schools college university fund group partners society
foundation products usa u.s. u.s.a. united immigration office bureau estate services systems motors
hospital clinic commissioner comm'r director secretary warden sheriff assessor treasurer clerk
attorney governor mayor council police department dept. dep't laboratories tenants properties
teachers energy masonry railway railroad ry. r.r. mutual casualty fire life realty homes holdings
enterprises partnership company corporation association committee commission government
administration institute e.v. gmbh ag s.a. s.p.a. n.v. b.v. plc a/s ab aktiebolag approximately thousand hundred
dollars acres parcel shares currency vessel property premises lot
    """
)
# Titles before a person's name, dropped with the first names.
PERSON_TITLES = _words("dr dr. mr mr. mrs mrs. ms ms. hon hon. lt lt. gen gen. col col. capt capt. sgt sgt. rev rev.")
# Particles that belong to a surname ("Van Antwerp", "de la Cruz").
SURNAME_PARTICLES = _words("van von de del della der den la le da di du st st. mac ten ter bin al el dos das")
# Words a title-cased name keeps in lower case ("Town of Merrimac").
NAME_SMALL_WORDS = _words("of the and for in on at to by a an or as de la del zur der von van du des")
# Abbreviations that stay in capitals whatever the caption's case.
CAPTION_ACRONYMS = _words("USA FBI INS IRS EPA FDA FTC CIA DEA ATF HUD ICE UAW ACLU NAACP IBM UPS AT&T")

# --- secondary authorities ---------------------------------------------------

# Dictionaries as opinions print them -> the title they are keyed by. Keys are
# folded (lower case, straight apostrophes, single spaces, no leading "the").
# Source: the dictionaries The Bluebook (rule 15.8) and the corpus cite most,
# under the names the corpus prints them by (e.g. "Third New International
# Dictionary" after a "Web-ster's" split at a line end).
DICTIONARY_TITLES: dict[str, str] = {
    "blacks law dictionary": "Black's Law Dictionary",
    "third new international dictionary": "Webster's Third New International Dictionary",
    "webster's third new international dictionary unabridged": "Webster's Third New International Dictionary",
    "webster's third new international dictionary of the english language": "Webster's Third New International Dictionary",
    "webster's third international dictionary": "Webster's Third New International Dictionary",
    "webster's new international dictionary of the english language": "Webster's New International Dictionary",
    "merriam webster's collegiate dictionary": "Merriam-Webster's Collegiate Dictionary",
    "random house dictionary of english language": "Random House Dictionary of the English Language",
}

# Words an opinion abbreviates in a title, spelled out for the key
# ("Webster's Third New Int'l Dictionary", "Restatement (Third) of Prop.").
# Source: Bluebook T13 (periodical and institutional title abbreviations).
TITLE_WORDS: dict[str, str] = {
    "Int'l": "International",
    "Prof'l": "Professional",
    "Prop.": "Property",
    "Proc.": "Procedure",
    "Prac.": "Practice",
    "Fed.": "Federal",
    "Crim.": "Criminal",
    "Civ.": "Civil",
    "Stat.": "Statutory",
    "Const.": "Construction",
}

# Old abbreviated citations of the classic commentaries -> (author, title, cited
# by). Source: the abbreviations of Bluebook T16 and the nineteenth-century
# forms the corpus prints ("3 Black. Com., 177", "2 Story's Eq. Jur., §§ 1401").
COMMENTARIES: dict[str, tuple[str, str]] = {
    "Bl. Comm.": ("Blackstone", "Commentaries"),
    "Bl. Com.": ("Blackstone", "Commentaries"),
    "Black. Com.": ("Blackstone", "Commentaries"),
    "Black. Comm.": ("Blackstone", "Commentaries"),
    "Kent Comm.": ("Kent", "Commentaries"),
    "Kent's Comm.": ("Kent", "Commentaries"),
    "Story's Eq. Jur.": ("Story", "Commentaries on Equity Jurisprudence"),
    "Story, Eq. Jur.": ("Story", "Commentaries on Equity Jurisprudence"),
    "Story Eq. Jur.": ("Story", "Commentaries on Equity Jurisprudence"),
}

# Restatement series as printed -> as Bluebook (rule 12.9.5) writes it; the
# first series has none ("Restatement of Torts").
RESTATEMENT_SERIES: dict[str, str] = {
    "first": "",
    "second": "Second",
    "2d": "Second",
    "2nd": "Second",
    "sec ond": "Second",
    "third": "Third",
    "3d": "Third",
    "3rd": "Third",
    "fourth": "Fourth",
    "4th": "Fourth",
}

# Pattern jury instructions by their short names -> the title they are keyed by.
# Source: the Illinois Supreme Court's IPI (Criminal and Civil) and the Judicial
# Council of California's CALCRIM and its predecessor CALJIC.
JURY_INSTRUCTIONS: dict[str, str] = {
    "IPI Criminal": "Illinois Pattern Jury Instructions, Criminal",
    "IPI Civil": "Illinois Pattern Jury Instructions, Civil",
    "Ill. Pattern Jury Instr., Crim.": "Illinois Pattern Jury Instructions, Criminal",
    "Ill. Pattern Jury Instr., Civ.": "Illinois Pattern Jury Instructions, Civil",
    "CALCRIM": "CALCRIM",
    "CALJIC": "CALJIC",
}

# Words that make a run of capitalised words a statute, court, institution or
# party rather than a treatise's authors ("Homeland Security Act, Title IV §
# 402", "American Psychiatric Association, Diagnostic and Statistical Manual").
# Source: Bluebook T6 and T10 words, and the corpus.
NOT_AUTHOR_WORDS = frozenset(
    [
        "Act",
        "Acts",
        "Code",
        "Codes",
        "Stat",
        "Stat.",
        "Laws",
        "Law",
        "Rule",
        "Rules",
        "Const.",
        "Constitution",
        "Amendment",
        "Title",
        "Chapter",
        "Part",
        "Article",
        "Section",
        "Division",
        "Subtitle",
        "Court",
        "Cir.",
        "Dep't",
        "Department",
        "Agency",
        "Board",
        "Commission",
        "Inc.",
        "Corp.",
        "Co.",
        "Ltd.",
        "LLC",
        "State",
        "States",
        "United",
        "Comm'r",
        "Secretary",
        "Pub.",
        "No.",
        "Nos.",
        "Reg.",
        "Regs.",
        "Treas.",
        "C.F.R.",
        "U.S.C.",
        "Supp.",
        "Restatement",
        "Model",
        "Uniform",
        "Unif.",
        "Report",
        "Rep.",
        "Cong.",
        "Sess.",
        "Brief",
        "Tr.",
        "App.",
        "Ex.",
        "Memo.",
        "Mem.",
        "Order",
        "Opinion",
        "Association",
        "Ass'n",
        "Institute",
        "Guidelines",
        "Courts",
        "Council",
        "Society",
        "Bureau",
        "Service",
        "Office",
        "Press",
        "University",
        "Univ.",
        "College",
        "Center",
        "Foundation",
        "Academy",
        "Committee",
        "Comm.",
        "Subcomm.",
        "House",
        "Senate",
        "Director",
        "General",
        "Commissioner",
        "Attorney",
        "Counsel",
        "Chairman",
        "President",
        "Governor",
        "Senator",
        "Representative",
        "Sen.",
        "Id.",
        "Appellants",
        "Appellees",
        "Petitioner",
        "Petitioners",
        "Respondent",
        "Respondents",
        "Plaintiff",
        "Plaintiffs",
        "Defendant",
        "Defendants",
    ]
)

# Words that start a sentence or a citation sentence rather than a title
# ("See Black's Law Dictionary", "In Corbin on Contracts"): the introductory
# signals of Bluebook rule 1.2 capitalised, and common sentence openers.
SENTENCE_OPENERS = frozenset(
    {
        "See",
        "In",
        "Under",
        "From",
        "And",
        "But",
        "Also",
        "Both",
        "Compare",
        "Accord",
        "Contra",
        "The",
        "Per",
        "Generally",
        "Quoting",
        "Citing",
        "As",
        "Cf",
        "Like",
        "Unlike",
    }
)

# Lower-case words that are words in their own right, never the tail of a word
# a line break split ("Commen taries"): the articles, conjunctions and short
# prepositions Bluebook rule 8(a) leaves lower case in titles, common verbs of
# the prose around a citation, and signal words.
TITLE_LOWER_WORDS = frozenset(
    [
        "of",
        "and",
        "the",
        "on",
        "in",
        "for",
        "to",
        "a",
        "an",
        "at",
        "by",
        "with",
        "from",
        "into",
        "upon",
        "without",
        "within",
        "against",
        "about",
        "after",
        "before",
        "between",
        "through",
        "under",
        "over",
        "or",
        "nor",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "its",
        "his",
        "her",
        "their",
        "our",
        "not",
        "than",
        "that",
        "this",
        "these",
        "those",
        "who",
        "which",
        "what",
        "when",
        "where",
        "how",
        "why",
        "also",
        "see",
        "generally",
        "ex",
        "rel",
        "defines",
        "defined",
        "says",
        "states",
        "provides",
        "explains",
        "notes",
    ]
)

# First words of "X on Y" and "X's Y" titles that are not an author's name
# ("Commentaries on the Laws of England", "Reporter's Notes on § 82"), so the
# title does not stand for its work without the authors. Source: the corpus.
NOT_EPONYMS = frozenset(
    [
        "Commentaries",
        "Commentary",
        "Treatise",
        "Essays",
        "Essay",
        "Notes",
        "Lectures",
        "Reflections",
        "Observations",
        "Remarks",
        "Thoughts",
        "Letters",
        "Studies",
        "Perspectives",
        "Cases",
        "Materials",
        "Report",
        "Reports",
        "Papers",
        "Speeches",
        "Readings",
        "Documents",
        "Problems",
        "Views",
        "Writings",
        "Comments",
        "Reporter's",
        "Reporters'",
        "Editor's",
        "Author's",
        "Attorney's",
        "Court's",
        "Government's",
    ]
)

# Words of a periodical's name: "Civil Heretic, N. Y. Times Magazine 32" is an
# article, not a book. Source: Bluebook T13 (periodical title words).
PERIODICAL_WORDS = frozenset(
    [
        "Times",
        "Magazine",
        "Post",
        "Journal",
        "J.",
        "Review",
        "Rev.",
        "News",
        "Gazette",
        "Tribune",
        "Herald",
        "Weekly",
        "Daily",
    ]
)


# --- treatment (kb.analysis.treatment) -----------------------------------------
# Cues of negative treatment, as courts print them: (pattern, treatment, where
# the case sits: "after" the cue or "before" it). A cue counts only when it is
# bound to one case (see kb.analysis.treatment). Source: the classes and cues
# of tests/eval/TREATMENT.md and Shepard's/KeyCite treatment phrases, checked
# against the sentences of ../shared/corpus/opinions (tests/test_treatment.py
# cites the file of each). Every pattern opens on a literal word.
_ADVERBS = r"(?:(?:hereby|now|expressly|explicitly|today|therefore|thus|also|specifically|effectively|implicitly|impliedly|subsequently|later|since|partially|clearly|readily|easily|factually|plainly|likewise|materially|similarly|strictly|simply|further|respectfully)\s+)*"
TREATMENT_CUES: tuple[tuple[str, str, str], ...] = (
    # overruled: the court overrules it, or reports that another court did
    (r"\b(?:[Ww]e|[Cc]ourts?|[Ii]t|[Tt]hey)\s+(?:(?:has|have|had)\s+)?" + _ADVERBS + r"overrul(?:e|es|ed)\b", "overruled", "after"),
    (r"\b(?:subsequently|later|since|effectively|implicitly|expressly|explicitly)\s+(?:overruled|abrogated)\b", "overruled", "after"),
    (r"\babrogat(?:es|ed)\b", "overruled", "after"),
    (r"\b(?:is|are|was|were|been|be)\s+" + _ADVERBS + r"(?:overruled|abrogated|disapproved|superseded)\b", "overruled", "before"),
    # declined: the court will not follow it
    # declined: the court itself will not follow it ("decisions that decline to follow X" report others)
    (r"\b(?:[Ww]e|I)\s+" + _ADVERBS + r"(?:(?:must|are\s+constrained\s+to)\s+)?" + _ADVERBS + r"(?:decline|refuse)\s+to\s+(?:follow|adopt)\b", "declined", "after"),
    (r"\b(?:[Ww]e|I)\s+" + _ADVERBS + r"(?:must\s+)?" + _ADVERBS + r"disagree\s+with\b", "declined", "after"),
    (r"\b(?:[Ww]e|I)\s+(?:are|am)\s+not\s+persuaded\s+by\b", "declined", "after"),
    (r"\b(?:[Ww]e|I)\s+" + _ADVERBS + r"reject\s+the\s+(?:reasoning|rationale|analysis|approach)\s+of\b", "declined", "after"),
    (r"\b(?:[Ww]e|I)\s+" + _ADVERBS + r"(?:must\s+)?part\s+company\s+with\b", "declined", "after"),
    # distinguished: it does not control, the facts or law differ
    (r"\b[Uu]nlike\b", "distinguished", "after"),
    (r"\bdistinguishable\s+from\b", "distinguished", "after"),
    # present tense only: "We distinguished Wood" reports an earlier panel's act (United States v. Castellone)
    (r"\b[Ww]e\s+" + _ADVERBS + r"(?:(?:must|can|should|would)\s+)?distinguish\b", "distinguished", "after"),
    (r"\b(?:is|are|was|were)\s+" + _ADVERBS + r"(?:distinguishable|inapposite|inapplicable|misplaced|distinguished)\b", "distinguished", "before"),
    (r"\b(?:is|are|was|were)\s+not\s+(?:controlling|applicable|apposite|analogous|on\s+point|dispositive)\b", "distinguished", "before"),
    (r"\bdo(?:es)?\s+not\s+(?:control|govern)\b", "distinguished", "before"),
    # limited: confined to its facts
    (r"\b(?:is|are|was|were|be)\s+" + _ADVERBS + r"(?:limited|confined|restricted)\s+to\s+(?:its|their)\s+(?:own\s+|particular\s+|unique\s+)?facts\b", "limited", "before"),
    # present tense only: "We expressly limited our holding in Gordils" is Gordils' own limit (Moret-Rivera)
    (r"\b(?:[Ww]e|[Cc]ourt)\s+" + _ADVERBS + r"limits?\b", "limited", "after"),
    # criticized: its soundness questioned
    (r"\bhas\s+been\s+(?:(?:widely|roundly|sharply|much|heavily|severely|justly|rightly|often)\s+)?criticized\b", "criticized", "before"),
    (r"\b(?:is|was)\s+(?:poorly|wrongly|incorrectly)\s+(?:reasoned|decided)\b", "criticized", "before"),
    (r"\b(?:[Ww]e|[Cc]ourt)\s+" + _ADVERBS + r"(?:question|doubt)s?\s+the\s+(?:soundness|validity|continued\s+vitality|continuing\s+vitality|reasoning|wisdom|correctness)\s+of\b", "criticized", "after"),
)  # fmt: skip

# Words that may stand between a cue and its case ("we decline to follow the
# reasoning of Smith", "Smith, however, is distinguishable"), lower-cased.
TREATMENT_GAP_WORDS = _words(
    "the our its their this that court's courts' decision decisions holding holdings opinion opinions reasoning"
    " rationale rule analysis case cases line of in part portion to extent dicta dictum language approach"
    " conclusion court courts panel's majority majority's cited by progeny however therefore thus also itself"
    " moreover though here instant present facts situation at issue on upon which relied relies rely appellant"
    " appellants appellee defendant defendants plaintiff plaintiffs petitioner respondent state state's government"
    " parties party a an as so far insofar result"
)

# History relations and parentheticals of negative treatment: "overruled by",
# "(abrogated on other grounds)", "questioned in". Source: Bluebook T8 and
# tests/eval/TREATMENT.md (overruled covers abrogated and superseded).
HISTORY_TREATMENTS: tuple[tuple[str, str], ...] = (
    (r"overruled\b", "overruled"),
    (r"abrogated\b", "overruled"),
    (r"superseded\b", "overruled"),
    (r"disapproved\b", "overruled"),
    (r"(?:questioned|criticized)\s+(?:by|in)\b", "criticized"),
    (r"limited\s+(?:by|in|to\s+its\s+facts)\b", "limited"),
)

# History relations (HISTORY_PHRASES names) after which a decision may no longer
# be good law, and the flag each raises. Source: Bluebook rule 10.7 and T8.
GOOD_LAW_HISTORY: dict[str, str] = {
    "overruled by": "overruled",
    "abrogated by": "abrogated",
    "superseded by statute": "superseded",
    "disapproved by": "disapproved",
    "rev'd": "reversed",
    "rev'd in part": "reversed in part",
    "rev'd on other grounds": "reversed on other grounds",
    "aff'd in part, rev'd in part": "reversed in part",
    "vacated": "vacated",
    "vacated on other grounds": "vacated on other grounds",
    "withdrawn": "withdrawn",
}

# Signals after which the court does not rely on the case (Bluebook rule 1.2(c),
# (d)): without a stronger cue the reference is "mentioned".
TREATMENT_SIGNALS: dict[str, str] = {
    "but see": "mentioned",
    "but see, e.g.": "mentioned",
    "but cf.": "mentioned",
    "contra": "mentioned",
    "compare": "mentioned",
}

# Words before a citation that make it a party's (or the court below's) and not
# the court's own: "the defendant cites", "It relies upon", "Appellant contends".
_PARTY = (
    r"(?:(?:[Tt]he\s+)?(?:[Aa]ppellants?|[Aa]ppellees?|[Dd]efendants?|[Pp]laintiffs?|[Pp]etitioners?|[Rr]espondents?|[Cc]laimants?"
    r"|[Dd]ebtors?|[Mm]ovants?|the\s+State|the\s+[Gg]overnment|the\s+People|the\s+Commonwealth|[Cc]ounsel"
    r")|He|She|They|It|he|she|they|[A-Z][a-z]+(?:'s|’s)?)"
)
TREATMENT_MENTIONED = (
    _PARTY + r"(?:'s|’s)?\s+(?:also\s+|further\s+|primarily\s+|principally\s+|heavily\s+|mainly\s+|chiefly\s+|largely\s+)?"
    r"(?:relies|relied|rely|cites|cited|cite|invokes?|invoked|points?\s+to|pointed\s+to)\b",
    _PARTY + r"\s+(?:also\s+|further\s+)?(?:contends?|argues?|asserts?|urges?|maintains?|claims?)\b",
    r"\b[Ii]n\s+support\s+of\s+(?:his|her|its|their|this|that|the)\s+(?:argument|contention|position|claim|motion)",
    r"\b(?:[Tt]he\s+(?:trial|lower|district|circuit|appellate|magistrate)\s+(?:court|judge)|[Tt]he\s+Court\s+of\s+Appeals?)\s+(?:relied|cited)\b",
    r"\bwas\s+cited\s+to\s+the\s+court\b",
)  # fmt: skip

# Words that make a sentence an account of the case cited, not reliance on it.
TREATMENT_NARRATIVE = (
    r"^\s*There,",
    r"^\s*In\s+that\s+case\b",
    r"\b(?:[Tt]he|[Tt]hat)\s+(?:[Cc]ourt|panel|majority)\s+(?:also\s+|further\s+|then\s+|specifically\s+)?"
    r"(?:stated|said|observed|reasoned|explained|pointed\s+out|noted)\s+that\b",
    # "The supreme court held that the evidence was insufficient": what another court decided, told
    r"^\s*(?:[Tt]he|[Tt]hat)\s+(?:[a-z]+\s+)?(?:[Cc]ourt|panel)\s+(?:also\s+|further\s+|then\s+|ultimately\s+)?"
    r"(?:held|found|concluded|determined|ruled)\b",
)  # fmt: skip

# Words of a party's name too common to stand for one case ("State", "Co.").
GENERIC_PARTY_WORDS = _words(
    "State States People United Commonwealth City County Town Village Borough Township Parish Department Dep't"
    " Dept Board Commission Commissioner Comm'r Court Inc Co Corp Company Insurance Ins Life American National"
    " Nat'l Bank The Government Secretary Director Attorney General Estate Matter Marriage Guardianship Adoption"
    " Custody Welfare Interest Parte Doe Roe Mut Mutual Ass'n Association Ry R.R Railroad Railway Fed Federal Sav"
    " Savings Loan Ind Sch School Dist District University Univ Hosp Hospital Medical Center Ctr Servs Services"
    " Motor Motors Casualty Indemnity Fire Surety Trust Union International Int'l Authority Agency Service"
    " Industrial Comp Compensation Employment Security Division Police Sheriff Officer Republic Nation Tribe Local"
    " Corporation Brotherhood Transit Western Eastern Northern Southern Pacific Atlantic Central Electric Oil Gas"
    " Power Light Water Telephone Tel Dep't. Cnty Twp Comm'n Comm Commonwealth's Children Family Juvenile Minor"
    " Heirs Unknown Others Ltd LLC L.L.C Bros Sons Assocs Partners"
)

# --- binding authority (kb.binding) --------------------------------------------
# The district courts of each federal circuit, by courts-db id. Source: 28 U.S.C.
# § 41 (the circuits' composition by state and territory) with §§ 81-131 (each
# state's districts); the territorial courts: 48 U.S.C. § 1611 (Virgin Islands,
# Third Circuit), § 1424 (Guam) and § 1821 (Northern Mariana Islands), Ninth
# Circuit. courts-db gives the circuit of only some districts (docs/binding.md),
# and puts the District of Vermont in the First Circuit, which § 41 does not.
CIRCUIT_DISTRICTS: dict[str, tuple[str, ...]] = {
    "ca1": ("med", "mad", "nhd", "rid", "prd"),
    "ca2": ("ctd", "nyed", "nynd", "nysd", "nywd", "vtd"),
    "ca3": ("ded", "njd", "paed", "pamd", "pawd", "vid"),
    "ca4": ("mdd", "nced", "ncmd", "ncwd", "scd", "vaed", "vawd", "wvnd", "wvsd"),
    "ca5": ("laed", "lamd", "lawd", "msnd", "mssd", "txed", "txnd", "txsd", "txwd"),
    "ca6": ("kyed", "kywd", "mied", "miwd", "ohnd", "ohsd", "tned", "tnmd", "tnwd"),
    "ca7": ("ilcd", "ilnd", "ilsd", "innd", "insd", "wied", "wiwd"),
    "ca8": ("ared", "arwd", "iand", "iasd", "mnd", "moed", "mowd", "ned", "ndd", "sdd"),
    "ca9": ("akd", "azd", "cacd", "caed", "cand", "casd", "hid", "idd", "mtd", "nvd", "ord", "waed", "wawd", "gud", "nmid"),
    "ca10": ("cod", "ksd", "nmd", "oked", "oknd", "okwd", "utd", "wyd"),
    "ca11": ("almd", "alnd", "alsd", "flmd", "flnd", "flsd", "gamd", "gand", "gasd"),
    "cadc": ("dcd",),
}  # fmt: skip
# Bankruptcy appellate panels (28 U.S.C. § 158(b)), by circuit.
CIRCUIT_BAPS: dict[str, str] = {
    "ca1": "bap1",
    "ca2": "bap2",
    "ca6": "bap6",
    "ca8": "bap8",
    "ca9": "bap9",
    "ca10": "bap10",
}
