"""ICAO nationality prefixes: the country an airport code belongs to, from its first letters (ICAO Doc 7910).

ICAO allots the first one or two letters of a location indicator by country (MH… Honduras, HS… Sudan),
and splits a few two-letter blocks further (UTA… Turkmenistan, UTT… Uzbekistan). The longest matching
prefix wins, so a three- or four-letter exception overrides its block. Used only for codes the
airportsdata package lacks, so a valid row is placed instead of rejected.
"""

from __future__ import annotations

# Prefix -> ISO 3166-1 alpha-2 (XK: Kosovo). One letter: blocks allotted to one country as a whole.
ICAO_PREFIXES: dict[str, str] = {
    # Single-letter blocks.
    "C": "CA", "K": "US", "U": "RU", "Y": "AU", "Z": "CN",
    # A: western South Pacific.
    "AG": "SB", "AN": "NR", "AY": "PG",
    # B: Greenland, Iceland, Kosovo.
    "BG": "GL", "BI": "IS", "BK": "XK",
    # D: West Africa and the Maghreb.
    "DA": "DZ", "DB": "BJ", "DF": "BF", "DG": "GH", "DI": "CI", "DN": "NG", "DR": "NE", "DT": "TN", "DX": "TG",
    # E: northern Europe.
    "EB": "BE", "ED": "DE", "EE": "EE", "EF": "FI", "EG": "GB", "EH": "NL", "EI": "IE", "EK": "DK", "EL": "LU",
    "EN": "NO", "EP": "PL", "ES": "SE", "ET": "DE", "EV": "LV", "EY": "LT",
    # F: central and southern Africa, Indian Ocean.
    "FA": "ZA", "FB": "BW", "FC": "CG", "FD": "SZ", "FE": "CF", "FG": "GQ", "FH": "SH", "FI": "MU", "FJ": "IO",
    "FK": "CM", "FL": "ZM", "FM": "MG", "FMC": "KM", "FME": "RE", "FMCZ": "YT", "FN": "AO", "FO": "GA",
    "FP": "ST", "FQ": "MZ", "FS": "SC", "FT": "TD", "FV": "ZW", "FW": "MW", "FX": "LS", "FY": "NA", "FZ": "CD",
    # G: West Africa, Canary Islands.
    "GA": "ML", "GB": "GM", "GC": "ES", "GE": "ES", "GF": "SL", "GG": "GW", "GL": "LR", "GM": "MA", "GO": "SN",
    "GQ": "MR", "GS": "EH", "GU": "GN", "GV": "CV",
    # H: eastern and northeastern Africa.
    "HA": "ET", "HB": "BI", "HC": "SO", "HD": "DJ", "HE": "EG", "HH": "ER", "HJ": "SS", "HK": "KE", "HL": "LY",
    "HR": "RW", "HS": "SD", "HT": "TZ", "HU": "UG",
    # L: southern Europe, Israel, Türkiye.
    "LA": "AL", "LB": "BG", "LC": "CY", "LD": "HR", "LE": "ES", "LF": "FR", "LG": "GR", "LH": "HU", "LI": "IT",
    "LJ": "SI", "LK": "CZ", "LL": "IL", "LM": "MT", "LN": "MC", "LO": "AT", "LP": "PT", "LQ": "BA", "LR": "RO",
    "LS": "CH", "LT": "TR", "LU": "MD", "LV": "PS", "LW": "MK", "LX": "GI", "LY": "RS", "LYPG": "ME",
    "LYTV": "ME", "LZ": "SK",
    # M: Central America, Mexico, the northern Caribbean.
    "MB": "TC", "MD": "DO", "MG": "GT", "MH": "HN", "MK": "JM", "MM": "MX", "MN": "NI", "MP": "PA", "MR": "CR",
    "MS": "SV", "MT": "HT", "MU": "CU", "MW": "KY", "MY": "BS", "MZ": "BZ",
    # N: South Pacific.
    "NC": "CK", "NF": "FJ", "NFT": "TO", "NG": "KI", "NGF": "TV", "NI": "NU", "NL": "WF", "NS": "WS",
    "NST": "AS", "NT": "PF", "NV": "VU", "NW": "NC", "NZ": "NZ",
    # O: the Middle East, Afghanistan, Pakistan.
    "OA": "AF", "OB": "BH", "OE": "SA", "OI": "IR", "OJ": "JO", "OK": "KW", "OL": "LB", "OM": "AE", "OO": "OM",
    "OP": "PK", "OR": "IQ", "OS": "SY", "OT": "QA", "OY": "YE",
    # P: northern Pacific (Alaska and Hawaii are the United States).
    "PA": "US", "PB": "UM", "PC": "KI", "PF": "US", "PG": "GU", "PGSN": "MP", "PGRO": "MP", "PGWT": "MP",
    "PH": "US", "PJ": "UM", "PK": "MH", "PL": "KI", "PM": "UM", "PO": "US", "PP": "US", "PT": "FM", "PTR": "PW",
    "PW": "UM",
    # R: East Asia.
    "RC": "TW", "RJ": "JP", "RK": "KR", "RO": "JP", "RP": "PH",
    # S: South America.
    "SA": "AR", "SB": "BR", "SC": "CL", "SD": "BR", "SE": "EC", "SF": "FK", "SG": "PY", "SI": "BR", "SJ": "BR",
    "SK": "CO", "SL": "BO", "SM": "SR", "SN": "BR", "SO": "GF", "SP": "PE", "SS": "BR", "SU": "UY", "SV": "VE",
    "SW": "BR", "SY": "GY",
    # T: the eastern Caribbean, Puerto Rico, Bermuda.
    "TA": "AG", "TB": "BB", "TD": "DM", "TF": "GP", "TFFF": "MQ", "TFFJ": "BL", "TFFG": "MF", "TG": "GD",
    "TI": "VI", "TJ": "PR", "TK": "KN", "TL": "LC", "TN": "CW", "TNCA": "AW", "TNCB": "BQ", "TNCE": "BQ",
    "TNCS": "BQ", "TNCM": "SX", "TQ": "AI", "TR": "MS", "TT": "TT", "TU": "VG", "TV": "VC", "TX": "BM",
    # U: the former Soviet Union (U alone is Russia).
    "UA": "KZ", "UAF": "KG", "UB": "AZ", "UC": "KG", "UD": "AM", "UG": "GE", "UK": "UA", "UM": "BY", "UMK": "RU",
    "UT": "UZ", "UTA": "TM", "UTD": "TJ",
    # V: South and Southeast Asia.
    "VA": "IN", "VC": "LK", "VD": "KH", "VE": "IN", "VG": "BD", "VH": "HK", "VI": "IN", "VL": "LA", "VM": "MO",
    "VN": "NP", "VO": "IN", "VQ": "BT", "VR": "MV", "VT": "TH", "VV": "VN", "VY": "MM",
    # W: maritime Southeast Asia.
    "WA": "ID", "WB": "MY", "WBS": "BN", "WI": "ID", "WM": "MY", "WP": "TL", "WR": "ID", "WS": "SG",
    # Z: China's neighbours with their own blocks.
    "ZK": "KP", "ZM": "MN",
}  # fmt: skip


def country_from_prefix(code: str) -> tuple[str, str]:
    """(country, prefix) for an airport code by its longest ICAO prefix, or ("", "") when none is allotted."""
    code = code.strip().upper()
    for size in (4, 3, 2, 1):
        prefix = code[:size]
        if len(prefix) == size and prefix in ICAO_PREFIXES:
            return ICAO_PREFIXES[prefix], prefix
    return "", ""
