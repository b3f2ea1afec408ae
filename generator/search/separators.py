"""charabia's separators, vendored: the characters that cut a run of Chinese or Japanese
text into tokens of their own before a segmenter sees it (search/segment.py).

From meilisearch/charabia 0.9.9 (the version Pagefind 1.5.2 builds with),
`charabia/src/separators.rs`, DEFAULT_SEPARATORS: every character of Unicode's
categories Pc, Pd, Pe, Pf, Pi, Po, Ps, Sm, Zl, Zp and Zs, plus NUL, "`" and those below.
charabia is MIT-licensed, Copyright (c) 2020-2025 Meili SAS; the list is copied as it is.
Written as a regular expression's character class, each character escaped, consecutive
characters as ranges.
"""

MULTI_CHARACTER = (". ", ", ", "\u17d4\u179b\u17d4")  # the only separators longer than one character

ONE_CHARACTER = (  # a character class's contents: re reads the escapes
    r"\x00\x09\x0a\x0d\x20-\x23\x25-\x2f\x3a\x3b\x3f\x40\x5b-\x5d\x5f\x60\x7b\x7d\xa1\xa7\xab\xb1"
    r"\xb6\xb7\xbb\xbf\xd7\xf7\u055a-\u055f\u0589\u058a\u05be\u05c0\u05c3\u05c6\u05f3\u05f4"
    r"\u0609\u060a\u060c\u060d\u061b\u061e\u061f\u066a\u066d\u06d4\u0700-\u070d\u07f7-\u07f9"
    r"\u0830-\u083e\u085e\u0964\u0965\u0970\u09fd\u0a76\u0af0\u0c77\u0c84\u0df4\u0e4f\u0e5a\u0e5b"
    r"\u0f04-\u0f0b\u0f0d-\u0f12\u0f14\u0f3a-\u0f3d\u0f85\u0fd0-\u0fd4\u0fd9\u0fda\u104a-\u104f\u10fb"
    r"\u1360-\u1368\u1400\u166e\u1680\u169b\u169c\u16eb-\u16ed\u1735\u1736\u17d4-\u17d6\u17d8-\u17da"
    r"\u1800-\u180a\u1944\u1945\u1a1e\u1a1f\u1aa0-\u1aa6\u1aa8-\u1aad\u1b5a-\u1b60\u1bfc-\u1bff"
    r"\u1c3b-\u1c3f\u1c7e\u1c7f\u1cc0-\u1cc7\u1cd3\u2002-\u200a\u200c\u2010\u2012-\u2027\u2029"
    r"\u2030-\u2043\u2045-\u2051\u2053-\u205e\u207d\u207e\u208d\u208e\u2212-\u2225\u2227-\u228d"
    r"\u228f-\u22ff\u2308-\u230b\u2768-\u2775\u27c5\u27c6\u27e6-\u27ef\u2983-\u2998\u29d8-\u29db"
    r"\u29fc\u29fd\u2cf9-\u2cfc\u2cfe\u2cff\u2d70\u2e00-\u2e2e\u2e30-\u2e4f\u2e52\u3000-\u3003"
    r"\u3008-\u3011\u3014-\u301f\u3030\u303d\u30a0\u30fb\ua4fe\ua4ff\ua60d-\ua60f\ua673\ua67e"
    r"\ua6f2-\ua6f7\ua874-\ua877\ua8ce\ua8cf\ua8f8-\ua8fa\ua8fc\ua92e\ua92f\ua95f\ua9c1-\ua9cd"
    r"\ua9de\ua9df\uaa5c-\uaa5f\uaade\uaadf\uaaf0\uaaf1\uabeb\ufd3e\ufd3f\ufe10-\ufe19\ufe30-\ufe52"
    r"\ufe54-\ufe61\ufe63\ufe68\ufe6a\ufe6b\uff01-\uff03\uff05-\uff0a\uff0c-\uff0f\uff1a\uff1b"
    r"\uff1f\uff20\uff3b-\uff3d\uff3f\uff5b\uff5d\uff5f-\uff65\U00010100-\U00010102\U0001039f"
    r"\U000103d0\U0001056f\U00010857\U0001091f\U0001093f\U00010a50-\U00010a58\U00010a7f"
    r"\U00010af0-\U00010af6\U00010b39-\U00010b3f\U00010b99-\U00010b9c\U00010ead\U00010f55-\U00010f59"
    r"\U00011047-\U0001104d\U000110bb\U000110bc\U000110be-\U000110c1\U00011140-\U00011143"
    r"\U00011174\U00011175\U000111c5-\U000111c8\U000111cd\U000111db\U000111dd-\U000111df"
    r"\U00011238-\U0001123d\U000112a9\U0001144b-\U0001144f\U0001145a\U0001145b\U0001145d\U000114c6"
    r"\U000115c1-\U000115d7\U00011641-\U00011643\U00011660-\U0001166c\U0001173c-\U0001173e\U0001183b"
    r"\U00011944-\U00011946\U000119e2\U00011a3f-\U00011a46\U00011a9a-\U00011a9c\U00011a9e-\U00011aa2"
    r"\U00011c41-\U00011c45\U00011c70\U00011c71\U00011ef7\U00011ef8\U00011fff\U00012470-\U00012474"
    r"\U00016a6e\U00016a6f\U00016af5\U00016b37-\U00016b3b\U00016b44\U00016e97-\U00016e9a\U00016fe2"
    r"\U0001bc9f\U0001da87-\U0001da8b\U0001e95e\U0001e95f"
)
