"""Legal tables kb must keep itself, each with its source.

Everything here is knowledge that reporters-db and courts-db do not carry.
Reporters, their editions and courts come from those packages, never from here.
"""

from __future__ import annotations

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

# Names under which an opinion cites the INA in a bare "Section N of ..." form.
INA_NAMES = ("Immigration and Nationality Act", "INA")

# Bluebook T6: words abbreviated in case names in citations. Only words that
# are never left spelled out in a citation are listed, so abbreviating a name
# already written in Bluebook form changes nothing. Source: The Bluebook,
# Table T6 (Case Names and Institutional Authors in Citations).
T6_ABBREVIATIONS: dict[str, str] = {
    "Administration": "Admin.",
    "Administrative": "Admin.",
    "America": "Am.",
    "American": "Am.",
    "Association": "Ass'n",
    "Attorney": "Att'y",
    "Atlantic": "Atl.",
    "Authority": "Auth.",
    "Automobile": "Auto.",
    "Brothers": "Bros.",
    "Building": "Bldg.",
    "Center": "Ctr.",
    "Chemical": "Chem.",
    "Commission": "Comm'n",
    "Commissioner": "Comm'r",
    "Committee": "Comm.",
    "Company": "Co.",
    "Corporation": "Corp.",
    "County": "Cnty.",
    "Department": "Dep't",
    "Development": "Dev.",
    "Distribution": "Distrib.",
    "District": "Dist.",
    "Division": "Div.",
    "Education": "Educ.",
    "Electric": "Elec.",
    "Employees": "Emps.",
    "Employee": "Emp.",
    "Enforcement": "Enf't",
    "Environment": "Env't",
    "Environmental": "Env't",
    "Federal": "Fed.",
    "Finance": "Fin.",
    "Financial": "Fin.",
    "Government": "Gov't",
    "Hospital": "Hosp.",
    "Housing": "Hous.",
    "Incorporated": "Inc.",
    "Industries": "Indus.",
    "Industry": "Indus.",
    "Institute": "Inst.",
    "Insurance": "Ins.",
    "International": "Int'l",
    "Laboratory": "Lab'y",
    "Limited": "Ltd.",
    "Management": "Mgmt.",
    "Manufacturing": "Mfg.",
    "Medical": "Med.",
    "Municipal": "Mun.",
    "National": "Nat'l",
    "Northern": "N.",
    "Pacific": "Pac.",
    "Professional": "Prof'l",
    "Property": "Prop.",
    "Railroad": "R.R.",
    "Railway": "Ry.",
    "Regional": "Reg'l",
    "Secretary": "Sec'y",
    "Security": "Sec.",
    "Services": "Servs.",
    "Service": "Serv.",
    "Southern": "S.",
    "System": "Sys.",
    "Technology": "Tech.",
    "Telephone": "Tel.",
    "Transportation": "Transp.",
    "University": "Univ.",
    "Village": "Vill.",
    "Western": "W.",
    "Eastern": "E.",
}

# Bluebook T10 state abbreviations, used to read court parentheticals that
# spell a state out ("D. Kansas") against courts-db's citation strings.
T10_STATES: dict[str, str] = {
    "Alabama": "Ala.",
    "Alaska": "Alaska",
    "Arizona": "Ariz.",
    "Arkansas": "Ark.",
    "California": "Cal.",
    "Colorado": "Colo.",
    "Connecticut": "Conn.",
    "Delaware": "Del.",
    "Florida": "Fla.",
    "Georgia": "Ga.",
    "Hawaii": "Haw.",
    "Idaho": "Idaho",
    "Illinois": "Ill.",
    "Indiana": "Ind.",
    "Iowa": "Iowa",
    "Kansas": "Kan.",
    "Kentucky": "Ky.",
    "Louisiana": "La.",
    "Maine": "Me.",
    "Maryland": "Md.",
    "Massachusetts": "Mass.",
    "Michigan": "Mich.",
    "Minnesota": "Minn.",
    "Mississippi": "Miss.",
    "Missouri": "Mo.",
    "Montana": "Mont.",
    "Nebraska": "Neb.",
    "Nevada": "Nev.",
    "New Hampshire": "N.H.",
    "New Jersey": "N.J.",
    "New Mexico": "N.M.",
    "New York": "N.Y.",
    "North Carolina": "N.C.",
    "North Dakota": "N.D.",
    "Ohio": "Ohio",
    "Oklahoma": "Okla.",
    "Oregon": "Or.",
    "Pennsylvania": "Pa.",
    "Rhode Island": "R.I.",
    "South Carolina": "S.C.",
    "South Dakota": "S.D.",
    "Tennessee": "Tenn.",
    "Texas": "Tex.",
    "Utah": "Utah",
    "Vermont": "Vt.",
    "Virginia": "Va.",
    "Washington": "Wash.",
    "West Virginia": "W. Va.",
    "Wisconsin": "Wis.",
    "Wyoming": "Wyo.",
}

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
