"""The name operator `~`: a name is found in another spelling or script (vowels, doubled
letters, hyphens and spaces, Arabic and Urdu/Persian with attached prefixes, Cyrillic
with case endings, katakana, Chinese), short names do not match common words, and a
name combines with fields, NEAR, NOT like any term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from monitor.rulebook import thai
from monitor.rulebook.matcher import CompiledRule, Hit, Matcher, document_fields
from monitor.rulebook.names import NameIndex, key, particle_fits, romanise, rule_words, same_name
from monitor.rulebook.normalize import folded_tokens
from monitor.rulebook.query import QueryError, Term, parse_query


def hits_for(query: str, **fields: str) -> list[Hit]:
    return Matcher([CompiledRule("rule", parse_query(query))]).match(document_fields(**fields))


def found(query: str, text: str) -> list[str]:
    """The matched text of every occurrence of the query's terms in a summary."""
    return [term.text for hit in hits_for(query, summary=text) for term in hit.terms]


# --- what must match -----------------------------------------------------------------------

SAME_NAME = [
    # the vowel kana and Korean end a name with is its final vowel, or a Latin e left
    # unsaid (Blake), and the one they add after its final consonant (Musk)
    ("~머스크", "Musk"), ("~マスク", "Musk"), ("~블레이크", "Blake"), ("~ブレイク", "Blake"),
    ("~팀북투", "Timbuktu"), ("~토론토", "Toronto"), ("~トロント", "Toronto"),
    # a Korean syllable's own u, which the press writes oo (found by a review)
    ("~김민수", "Kim Min-soo"), ("~김병주", "Kim Byung-joo"),
    # Polish -ów is said uf, as other scripts write it (found by a held-out seed: the
    # Turów mine in Korean)
    ("~Turów", "투루프"), ("~Turów", "トゥルフ"), ("~Turów", "Турув"), ("~Kraków", "クラクフ"),
    ("~Kraków", "كراكوف"),
    # Urdu writes a foreign diphthong with a yeh and a hamza on yeh
    ("~Airport", "ایئرپورٹ"), ("~ایئرپورٹ", "Airport"),
    # a name of a script without capitals, written with one in Latin text, even where the
    # Latin word is a common word too (until, in lower case, is not אינטל)
    ("~אינטל", "Intel"), ("~메타플랜트", "Metaplant"),
    # vowels and doubled letters
    ("~Loudiyi", "Loudiyi"), ("~Loudiyi", "Loudyi"), ("~Loudiyi", "Loudayi"),
    ("~Loudiyi", "LOUDIYI"), ("~Loudiyi", "Loudíyi"), ("~Loudyi", "Loudiyi"),
    ("~Zaheer", "Zahir"), ("~Zaheer", "Zaher"), ("~Baber", "Babar"), ("~Rabat", "Рабата"),
    ("~Ahmed", "Ahmad"), ("~Muhammad", "Mohammed"), ("~Muhammad", "Mohamad"),
    ("~Qamar", "Kamar"), ("~Qamar", "Qamer"), ("~Fatima", "Fatimah"),
    ("~Abdellatif", "Abdelatif"), ("~Abdellatif", "Abdeltif"), ("~Pakistan", "Paquistán"),
    ("~Sayed", "Syed"),
    # hyphen and space, the article and particles written apart or joined
    ("~Al-Khalid", "Al Khalid"), ("~Al-Khalid", "Alkhalid"), ("~Al-Khalid", "al-Khaled"),
    ("~Alkhalid", "Al Khalid"), ("~Alkhalid", "Al-Khalid"), ("~\"Al Khalid\"", "Alkhalid"),
    ("~Abdellatif", "Abdel Latif"), ("~Abdellatif", "Abdel-Latif"), ("~Abubakr", "Abu Bakr"),
    # Arabic, with attached prefixes and the article
    ("~Loudiyi", "لوديي"), ("~Loudiyi", "ولوديي"), ("~Loudiyi", "بلوديي"),
    ("~Loudiyi", "للوديي"), ("~Maghreb", "المغرب"), ("~Maghreb", "والمغرب"),
    ("~Maghreb", "بالمغرب"), ("~Maghreb", "للمغرب"), ("~Khalid", "الخالد"),
    ("~Al-Khalid", "الخالد"), ("~Al-Khalid", "والخالد"), ("~Karachi", "كراتشي"),
    ("~Ahmed", "أحمد"), ("~Pakistan", "باكستان"), ("~Abdellatif", "عبد اللطيف"),
    ("~Tata", "تاتا"),
    # Devanagari's vowel signs against other scripts (its a, often unwritten, says nothing)
    ("~धोलेरा", "Dholera"), ("~धोलेरा", "Долера"), ("~धोलेरा", "دھولیرا"),
    ("~गुजरात", "Gujarat"), ("~मोदी", "Modi"),
    # the vowels Chinese adds after a consonant (i after s, e after t, d, k)
    ("~Tesla", "特斯拉"), ("~Szeged", "塞格德"), ("~Cherat", "切拉特"),
    # a famous short name's own spelling in another script, though a common word there
    ("~Tata", "टाटा"), ("~شل", "شل"),
    # Urdu and Persian letters (ک ی ہ ے پ ژ) and attached ک / ب
    ("~Pakistan", "پاکستان"), ("~Pakistan", "کپاکستان"), ("~Zaheer", "ظہیر"),
    ("~Baber", "بابر"), ("~Loudiyi", "لودیی"),
    # Cyrillic, with case endings
    ("~Loudiyi", "Лудийи"), ("~Ahmed", "Ахмед"), ("~Ahmed", "Ахмедом"),
    ("~Ahmed", "Ахмеда"), ("~Pakistan", "Пакистана"), ("~Pakistan", "Пакистаном"),
    ("~Karachi", "Карачи"), ("~Zaheer", "Захир"), ("~Tata", "Тата"), ("~Tata", "Таты"),
    ("~Tata", "Тате"),
    # katakana, Devanagari, Chinese (where its pinyin reads like the name)
    ("~Loudiyi", "ルーディイ"), ("~Ahmed", "アハメド"), ("~Pakistan", "パキスタン"),
    ("~Tata", "タタ"), ("~Morocco", "モロッコ"), ("~Pakistan", "पाकिस्तान"),
    ("~Loudiyi", "लौदीयी"), ("~Karachi", "कराची"), ("~Ahmed", "अहमद"), ("~Karachi", "卡拉奇"),
    ("~Tata", "塔塔"),
    # Hebrew and Korean
    ("~Ahmed", "אחמד"), ("~Karachi", "카라치"), ("~Pakistan", "파키스탄"),
    # Arabic letters read one by one: ت ه is t h, not th; ث is th, خ kh
    ("~Tehran", "تهران"), ("~Othman", "عثمان"), ("~Khalid", "خالد"),
    # Arabic writes a foreign ch as ش or تش: شيرات = Cherat, شيكاغو = Chicago
    ("~Cherat", "شيرات"), ("~Cherat", "تشيرات"), ("~Chicago", "شيكاغو"), ("~شيرات", "Cherat"),
    # and v as ف; v is w elsewhere, a vowel before a consonant as w is (Moscow = Москва)
    ("~Vladimir", "فلاديمير"), ("~Chevron", "شيفرون"), ("~Volvo", "فولفو"),
    ("~Novatek", "نوفاتك"), ("~Wostok", "Восток"), ("~Moscow", "Москва"),
    ("~Moscow", "Москве"), ("~Krakow", "Кракове"), ("~Kasparov", "Kasparow"),
    # the name itself in another script
    ("~لوديي", "Loudiyi"), ("~لوديي", "Loudyi"), ("~Лудийи", "Loudayi"),
    ("~ルーディイ", "Loudiyi"), ("~卡拉奇", "Karachi"),
    ("~\"ظہیر احمد بابر\"", "Zaheer Ahmed Baber"),
    # short names between an abjad and a vowel-writing script: the vowels ا ي و write
    ("~إيني", "Eni"), ("~الكعبي", "Kaabi"), ("~Orano", "أورانو"), ("~Orano", "لأورانو"),
    # Arabic g as ج, an English final s as ز, y before the w of o (Chiyoda), ch before a
    # consonant as k, doubled x
    ("~\"توتال إنرجيز\"", "TotalEnergies"), ("~\"تكنيب إنرجيز\"", "Technip Energies"),
    ("~تشيودا", "Chiyoda"), ("~\"إكسون موبيل\"", "ExxonMobil"), ("~إكسون", "Exxon"),
    # kana and Chinese: shi/xi for si, a final -ng for n, the vowel added after a final
    # consonant; Hungarian sz
    ("~Simandou", "シマンドゥ"), ("~Simandou", "西芒杜"), ("~塞格德", "Szeged"),
    # Hungarian and Finnish endings after a whole name (a Hungarian sz read as s)
    ("~Debrecen", "Debrecenben"), ("~Tesla", "Teslának"), ("~Szeged", "Szegedre"),
    ("~Rosatom", "Rosatomin"), ("~Fennovoima", "Fennovoimassa"),
    # and a Polish sz as sh under a Slavic ending; a Latin name spelled in pinyin
    ("~Warsaw", "Warszawie"), ("~Jianguo", "建国"),
    # Chinese glides: a consonant's w as the u of one syllable (瓜 gua), the i after
    # pinyin's j, q and x (恰 qia), its vowel the one after
    ("~Gwadar", "瓜达尔"), ("~Chabahar", "恰巴哈尔"), ("~Taranto", "塔兰托"),
    # but u then e is two syllables' vowels (鲁普尔, lu-pu-er; found on a trial seed)
    ("~Руппур", "鲁普尔"), ("~瓜达尔", "Gwadar"), ("~瓜达尔", "Гвадар"),
    ("~塞格德", "Сегед"), ("~塞格德", "セゲド"), ("~塞格德", "سيغيد"), ("~Szeged", "Сегедом"),
    # a Chinese name's pinyin initials, and Latin letters spelled out in Arabic
    ("~比亚迪", "BYD"), ("~比亚迪", "بي واي دي"), ("~HIT", "إتش آي تي"),
    # Hangul: the eu written between a foreign name's consonants, particles attached
    ("~메타플랜트", "Metaplant"), ("~Metaplant", "메타플랜트의"), ("~엘라벨", "Ellabell"),
    ("~엘라벨", "엘라벨에서"), ("~Kemp", "켐프"),
    # Korean writes a foreign initial t, k as d, g (도요타, 도쿄), and kana and Korean
    # write v as b (서배너 = Savannah, ベトナム = Vietnam)
    ("~도요타", "Toyota"), ("~Toyota", "도요타가"), ("~トヨタ", "도요타"), ("~도쿄", "Tokyo"),
    ("~현대", "Hyundai"), ("~서배너", "Savannah"), ("~Vietnam", "ベトナム"),
    # Korean has no f: it writes p
    ("~Facebook", "페이스북"), ("~프랑크푸르트", "Frankfurt"),
    # Hebrew letters as names read them (vav a vowel, shin sh, kaf k), Devanagari श as sh
    ("~Toshiba", "טושיבה"), ("~Cohen", "כהן"), ("~Toshiba", "तोशिबा"), ("~Sharma", "शर्मा"),
    # an Urdu aspirate: a letter and the he after it (دھ = dh)
    ("~धोलेरा", "دھولیرا"), ("~Bharat", "بھارت"),
    # dh is an Indian aspirate d as well as Arabic ذ: Arabic and Cyrillic write it d
    ("~Dholera", "دوليرا"), ("~Dholera", "Долера"), ("~Dhofar", "ظفار"),
    # a Russian name given in one case, found in another
    # small kana join the sound before them (ファ = fa, ティ = ti, ウォ = wo, チャ = cha)
    ("~Philadelphia", "フィラデルフィア"), ("~Wolfspeed", "ウォルフスピード"),
    ("~Chatham", "チャタム"), ("~Thyssenkrupp", "ティッセンクルップ"),
    ("~Каролина", "Каролине"), ("~Северная", "Северной"), ("~Toyota", "Тойоты"),
    # Cyrillic е after a consonant is also the glide ё writes (and folding reads as е)
    ("~현대", "Хёндэ"), ("~현대", "Хендэ"),
    # kana and Korean leave out an r after a vowel, or write it as a long vowel
    ("~\"تكنيب إنرجيز\"", "テクニップ・エナジーズ"), ("~Carter", "カーター"),
    ("~Herbert", "ハーバート"),
    # Hebrew prefixes written against the name (and, in, to)
    ("~Baykar", "ובאיקר"), ("~Intel", "באינטל"), ("~Intel", "לאינטל"),
    # Devanagari's anusvara is n before t (इंटेल); Latin c and g before e, i, y are s and j
    # against other scripts (SpaceJet = スペースジェット, Piaggio = ピアッジオ)
    ("~Intel", "इंटेल"), ("~SpaceJet", "スペースジェット"), ("~Piaggio", "ピアッジオ"),
    ("~Angela", "Анджела"), ("~קריית", "Kiryat"),
    # n before b is m, and kana keeps an r a French name sounds but not its last one; a kana
    # name finds the Latin word with its r
    ("~Bombardier", "ボンバルディア"), ("~ボンバルディア", "Bombardier"), ("~カーター", "Carter"),
    # Korean 시 and Russian си write a Japanese shi, Korean 쓰 its tsu; a Korean company
    # word ends a name (중공업, heavy industries)
    ("~Mitsubishi", "미쓰비시"), ("~Mitsubishi", "Мицубиси"), ("~Mitsubishi", "미쓰비시중공업"),
    # a Hebrew geresh makes ג j and צ ch, and a double yod before a consonant is a vowel
    ("~SpaceJet", "ספייסג׳ט"), ("~Churchill", "צ׳רצ׳יל"), ("~スペースジェット", "ספייסג׳ט"),
    # a short abjad name that writes a vowel, with one it leaves out (ضبعة = Dabaa); Arabic
    # ييه for a French -ier
    ("~الضبعة", "Dabaa"), ("~الضبعة", "Дабаа"), ("~ボンバルディア", "بومباردييه"),
    # English leaves a final e unsaid and reads ngh as ng and h (or the h unsaid)
    ("~Westinghouse", "ويستنغهاوس"), ("~Westinghouse", "וסטינגהאוס"),
    ("~Westinghouse", "وستینگهاوس"), ("~Westinghouse", "Вестингауз"),
    ("~Shakespeare", "شكسبير"), ("~Birmingham", "Бирмингем"),
    # a Chinese name in the Latin press: its pinyin as spelled, the surname apart
    ("~许家印", "Xu Jiayin"), ("~习近平", "Xi Jinping"), ("~恒大", "Hengda"),
    # a common Chinese word is found where the name is spelled so
    ("~Huawei", "华为"),
    # a common word is one word of a longer name, the others beside it (Portuguese rio)
    ('~"Рио Тинто"', "Rio Tinto"),
    # Persian's plural written against a name (the Houthis)
    ("~حوثی", "حوثیها"), ("~حوثی‌ها", "Houthi"), ("~حوثی‌ها", "الحوثي"),
    # German writes the ch of church tsch, Arabic تش
    ("~چابهار", "Tschabahar"), ("~Chernobyl", "Tschernobyl"), ("~Tschabahar", "تشابهار"),
    # German, Polish and Czech write kh (Cyrillic х, Arabic خ) ch, Spanish j (found by a
    # trial seed: Каховка was Kachowka and Kajovka)
    ("~Каховка", "Kachowka"), ("~Каховка", "Kajovka"), ("~Kakhovka", "Kachowka"),
    ("~Херсон", "Cherson"), ("~Херсон", "Jersón"), ("~Ходорковский", "Chodorkowski"),
    ("~خامنئي", "Jamenei"), ("~خالد", "Chalid"),
    # French writes sh ch, German a z before a vowel at a word's start s and й j;
    # Ukraine's own Latin letters write я after a consonant ia (none of these was found
    # before)
    ("~Шевченко", "Chevtchenko"), ("~Зеленський", "Selenskyj"), ("~Зеленський", "Zelenskyj"),
    ("~Запоріжжя", "Zaporizhzhia"), ("~Илья", "Ilia"),
    # German writes zh sch and y j, and all of them in one name
    ("~Пригожин", "Prigoschin"), ("~Залужний", "Saluschnyj"),
    # and щ schtsch, French shtch (its ch read sh): Ющенко = Juschtschenko, Хрущёв =
    # Khrouchtchev
    ("~Ющенко", "Juschtschenko"), ("~Хрущёв", "Khrouchtchev"),
    # a Latin name's signed letters as they sound, which folding leaves out: Turkish ğ
    # is unsaid, ç ch (Erdoğan = エルドアン, एर्दोआन; Selçuk = セルチュク),
    # Czech š and č sh and ch (Ševčenko = Шевченко); a German name's z is ts elsewhere
    ("~Erdoğan", "エルドアン"), ("~Erdoğan", "एर्दोआन"),
    ("~Erdoğan", "Erdogan"), ("~Selçuk", "セルチュク"), ("~Ševčenko", "Шевченко"),
    ("~Scholz", "Шольц"), ("~Merz", "Мерц"),
    # kana and Korean write a name's th s, and kana's フ is a foreign hu too
    ("~Northvolt", "ノースボルト"), ("~Northvolt", "노스볼트"), ("~Netanyahu", "ネタニヤフ"),
    # pinyin's i before a vowel is a glide: 钱 qian is chyen, as Chinese writes the
    # Spanish Chancay (钱凯), found in the Latin and Cyrillic press's spelling
    ("~钱凯", "Chancay"), ("~钱凯", "Чанкай"),
    # a Ukrainian or Russian place adjective finds the place, as the press abroad writes
    # it (Запорізька АЕС: Zaporizhzhia; Херсонская область: Kherson, Jersón)
    ("~Запорізька", "Zaporizhzhia"), ("~Запорізька", "Saporischschja"),
    ("~Запорізька", "Zaporijjia"), ("~Херсонская", "Kherson"), ("~Херсонська", "Jersón"),
    ("~Белгородская", "Belgorod"), ("~Курская", "Kursk"), ("~Кременчуцька", "Kremenchuk"),
    # a Ukrainian place's final -ів is Russian -ов, as the Russian and older Latin press
    # write it
    ("~Харків", "Kharkov"), ("~Львів", "Львов"), ("~Чернігів", "Chernigov"),
    # a short word of a longer name with a long word is found by its key beside that
    # word (رجایی writes no vowel where Rajaei has one)
    ('~"شهید رجایی"', "Shahid Rajaei"), ('~"شهید رجایی"', "Шахид Раджаи"),
    ('~"شهید رجایی"', "Shahid Rajaee"),
    # kana's チ is also ti in a text word, as older loanwords write it
    ("~Steel", "スチール"), ("~Tibet", "チベット"), ('~"US Steel"', "USスチール"),
    # and in a kana word of a longer name (its other words keep it to the name)
    ('~"USスチール"', "US Steel"), ('~"USスチール"', "US스틸"),
    # the Russian and Ukrainian press write Chinese by Palladius (цз is j, си xi), split
    # after the surname and declined where it ends in a consonant, and Japanese by
    # Polivanov (си is shi, ти chi, дз z)
    ("~Shenzhen", "Шэньчжэнь"), ("~Shenzhen", "Шэньчжэне"), ("~深圳", "Шэньчжэнь"),
    ('~"Xi Jinping"', "Си Цзиньпин"), ('~"Xi Jinping"', "Си Цзиньпина"),
    ('~"Xi Jinping"', "Сі Цзіньпіна"), ("~习近平", "Си Цзиньпин"), ("~Huawei", "Хуавэй"),
    ("~Guangzhou", "Гуанчжоу"), ('~"Си Цзиньпин"', "Xi Jinping"), ("~Чжэцзян", "Zhejiang"),
    ("~Fujitsu", "Фудзицу"), ("~Hitachi", "Хитати"), ("~Chiba", "Тиба"),
    ('~"Yoshihide Suga"', "Ёсихидэ Суга"), ("~Mitsubishi", "Міцубісі"),
    ("~Кисида", "Kishida"), ("~Фудзицу", "フジツウ"),
    # a Latin name spelled in pinyin is found in Chinese characters read so: a proper
    # name of CC-CEDICT's as the dictionary reads it (成都: 都 is also dou), a longer run
    # that is no common word by its characters' readings
    ("~Shenzhen", "深圳"), ("~Guangzhou", "广州"), ("~Chengdu", "成都"),
    ('~"Xu Jiayin"', "许家印"),
    # and a Chinese name is found in pinyin as CC-CEDICT reads it, a character with more
    # than one reading read as the name has it (重 is zhong, but 重庆 Chongqing)
    ("~重庆", "Chongqing"), ("~长沙", "Changsha"), ("~厦门", "Xiamen"),
    # Spanish says a z after a vowel s; kana and Korean end a final ch with a vowel; a
    # Slavic name's j is y; folding reads a first й as и
    ("~Sánchez", "Санчес"), ("~Sánchez", "サンチェス"), ("~Díaz", "Диас"),
    ("~Velázquez", "Веласкес"), ("~Modrić", "モドリッチ"), ("~Vučić", "ヴチッチ"),
    ("~Jokić", "Йокич"), ("~Yemen", "Йемен"),
    # a Latin name in pinyin as other scripts write its sounds: x as sh, q as ch, and in
    # Arabic a glide i as y and zh as ch
    ("~Xinjiang", "شينجيانغ"), ("~Shenzhen", "شنتشن"), ("~Xiamen", "شيامن"),
    ("~Zhejiang", "تشجيانغ"), ("~Qingdao", "تشينغداو"),
    # Hebrew writes a foreign name's first f פ; Korean writes Japanese fu 후
    ("~Ford", "פורד"), ("~Facebook", "פייסבוק"), ("~Philips", "פיליפס"),
    ("~Facebook", "בפייסבוק"),
    ("~Fukushima", "후쿠시마"), ("~Fukuoka", "후쿠오카"),
    # kana and Korean write a doubled consonant once, and Korean a German tz ㅊ
    ("~Rutte", "ルッテ"), ("~Abbas", "アッバス"), ("~Gantz", "간츠"), ("~Herzog", "헤르초그"),
    # English says a u before two consonants a short a, as Cyrillic writes it, declined too
    ("~Trump", "Трамп"), ("~Trump", "Трампа"), ("~Musk", "Маска"), ("~Hunter", "Хантер"),
    # Russian writes Korean by Kontsevich's system (ㅍ пх, ㅊ чх, ㅈ дж, a final ㅇ н)
    ("~영풍", "Ёнпхун"), ("~포항", "Пхохан"), ("~인천", "Инчхон"), ("~광주", "Кванджу"),
]


@pytest.mark.parametrize(("query", "text"), SAME_NAME)
def test_name_matches_its_other_spellings_and_scripts(query: str, text: str) -> None:
    assert found(query, f"On Monday {text} said so.") == [text]


def test_a_hebrew_geresh_typed_as_an_apostrophe_is_the_same_letter() -> None:
    assert hits_for("~SpaceJet", summary="מיצובישי ויתרה על ספייסג'ט")
    assert hits_for("~Churchill", summary="נאום של צ’רצ’יל")


def test_multi_word_name_matches_word_by_word_in_every_script() -> None:
    query = '~"Zaheer Ahmed Baber"'
    for text in ["Zaheer Ahmed Babar", "Zahir Ahmad Baber", "ظہیر احمد بابر",
                 "ظهير أحمد بابر", "Захир Ахмед Бабер", "ザヒール・アハメド・バーバル",
                 "ZAHEER AHMED BABER"]:
        assert found(query, f"Chief {text} visited.") == [text], text


def test_a_one_word_name_is_found_written_apart() -> None:
    # the press writes a name as one word or two (found by a held-out seed: Urdu's
    # ریکوڈک is Reko Diq abroad)
    for text in ["Reko Diq", "Реко-Дик", "ريكو ديك", "Reko-Diq"]:
        assert found("~ریکوڈک", f"The {text} mine.") == [text], text
    assert found("~Rekodiq", "The Reko Diq mine.") == ["Reko Diq"]
    assert found("~Gazprom", "Gaz-prom said") == ["Gaz-prom"]
    # its halves are written as a name's words are: in Latin text with capitals
    assert not found("~Rekodiq", "the reko diq mine")
    assert not found("~Gazprom", "gaz prom")


def test_thai_is_read_as_its_dictionary_cuts_it_and_romanised() -> None:
    # Thai writes no spaces: a run is cut into words (and a name the dictionary cuts,
    # joined again), each read in the Royal Thai General System
    assert found("~Chumphon", "ท่าเรือชุมพรเปิดแล้ว") == ["ชุมพร"]
    assert found("~ชุมพร", "Chumphon port") == ["Chumphon"]
    assert found("~Kunming", "รถไฟคุนหมิงเปิด") == ["คุนหมิง"]  # kh, Thai's aspirated k
    assert found('~"Land Bridge"', "โครงการแลนด์บริดจ์เดินหน้า") == ["แลนด์บริดจ์"]
    assert found("~แลนด์บริดจ์", "the Land Bridge project") == ["Land Bridge"]
    assert found("~ชุมพร", "ท่าเรือชุมพรเปิดแล้ว") == ["ชุมพร"]
    # a Thai name in Thai text as written, though the dictionary cuts it (แพ|ทอง|ธาร)
    assert found("~แพทองธาร", "รัฐบาลแพทองธารบรรจุแผน") == ["แพทองธาร"]
    # not common words, nor phrases of them read together
    assert not found("~Taylor", "ทะเลอันดามัน")  # the Andaman sea
    assert not found('~"Pramono Anung"', "การประมูลอาจต้องเลื่อน")  # bidding may be put off
    assert not found("~Pekin", "ผู้ค้านถือป้าย")  # opponents hold up signs
    # Thai initials (the State Railway's) are found as written, not by sound
    assert found("~รฟท", "ข่าว รฟท. เร่งก่อสร้าง") == ["รฟท"]
    assert not found("~รฟท", "the Oculus Rift")


def test_korean_sy_is_sh_and_kana_is_no_piece_of_a_split_korean_name() -> None:
    # ㅅ before a y-vowel is how Korean writes sh
    assert found("~Warszawa", "폴란드 바르샤바 시내") == ["바르샤바"]
    assert found("~Shell", "셸 주가") == ["셸"]
    # a Korean name's syllables split apart are read in Latin, Cyrillic, Arabic text, not
    # from kana characters (ら|し|い of すばらしい, wonderful, was 러시아, Russia)
    rules = [CompiledRule(q, parse_query(q)) for q in ("~러시아", "~Россия")]
    assert not Matcher(rules).match(document_fields(summary="すばらしい"))


def test_an_arabic_yeh_before_waw_writes_two_vowels() -> None:
    # نيوم is NEOM (found by a held-out seed); not a word with an attached preposition
    for text in ["NEOM", "Neom", "ネオム", "네옴", "НЕОМ"]:
        assert found("~نيوم", f"The {text} project") == [text], text
    assert found("~Neom", "مشروع نيوم السعودي") == ["نيوم"]
    assert not found("~Biom", "في يوم بيوم")  # b + يوم: by a day


def test_a_chinese_run_across_a_grammar_character_is_no_foreign_name() -> None:
    # 海岸|的 (of the coast, hai-an-de) and 和|安达 (and Anda) sound like Honda; a
    # transliteration writes other characters for those sounds (特斯拉 = Tesla)
    assert not found("~ホンダ", "马来西亚东海岸的铁路工程")
    assert not found("~ホンダ", "泰国总理和安达曼海")
    assert found("~Tesla", "特斯拉的工厂") == ["特斯拉"]


def test_name_matches_inside_a_run_of_chinese() -> None:
    assert found("~Karachi", "巴基斯坦卡拉奇市的港口") == ["卡拉奇"]


def test_latin_possessive_is_forgiven() -> None:
    assert found("~Loudiyi", "Loudyi's visit") == ["Loudyi"]
    assert found("~Loudiyi", "Loudayi’s visit") == ["Loudayi"]
    assert found("~Tata", "Tata's plant") == ["Tata"]


def test_a_slavic_case_ending_on_a_latin_name_is_forgiven() -> None:
    """Polish and Czech decline foreign names in Latin letters: after a final consonant
    (Boeinga, Boeingowi) and in place of a final vowel (Tesli, Teslę, Teslou); English
    words that end so (bakery, Barcelona, posta) are not names with an ending."""
    assert found("~Tesla", "Fabryka Tesli stanęła") == ["Tesli"]
    assert found("~Tesla", "Pożar w fabryce Teslę zatrzymał") == ["Teslę"]
    assert found("~Tesla", "s Teslou") == ["Teslou"]
    assert found("~Boeing", "umowa Boeinga z Embraerem") == ["Boeinga"]
    assert found("~Embraer", "umowa Boeinga z Embraerem") == ["Embraerem"]
    assert found("~Baker", "a bakery opened") == []
    assert found("~Brooklyn", "Barcelona won") == []
    assert found("~Post", "la posta arriva") == []
    assert same_name("boeing", "boeingowi") and not same_name("tata", "tati")
    # the locative of a place in -o (w Choczewie, w Lubiatowie-Kopalinie); Billie is no Bill
    assert found("~Choczewo", "mieszkańcy w Choczewie") == ["Choczewie"]
    assert found('~"Lubiatowo-Kopalino"', "w Lubiatowie-Kopalinie") == ["Lubiatowie-Kopalinie"]
    assert found("~Bill", "Billie Eilish") == []
    # Romance and German words that end so are no declined names
    for name, word in (("Franco", "France"), ("Bruno", "Bruni"), ("Porto", "porte"),
                       ("Tunis", "Tunisie"), ("Brown", "brownie"), ("Klein", "kleinem")):
        assert found(f"~{name}", f"la {word} dit") == [], (name, word)
    assert found("~Segedyn", "fabryka w Segedynie") == ["Segedynie"]
    assert found("~Ukraina", "w Ukrainie") == ["Ukrainie"]
    assert found("~Pomorze", "na Pomorzu") == ["Pomorzu"]
    # a plural name in -y or -e, in the plural's cases (v Dukovanech, w Gliwicach)
    assert found("~Dukovany", "nové bloky v Dukovanech") == ["Dukovanech"]
    assert found("~Gliwice", "fabryka w Gliwicach") == ["Gliwicach"]
    for name, word in (("Porto", "porta"), ("Banco", "banca"), ("Monaco", "monaca")):
        assert found(f"~{name}", f"la {word} dit") == [], (name, word)


def test_letters_spelled_in_urdu_are_the_acronym() -> None:
    """Urdu spells Latin letters by its own names (جے ایف = JF), and folds جے into the
    Arabic جي (G): both letters are tried."""
    assert found('~"JF-17"', "جے ایف 17 تھنڈر طیارے") == ["جے ایف 17"]
    assert found('~"JF-17"', "مقاتلات جيه إف-17") == ["جيه إف-17"]
    assert found('~"JF-17"', "F-17") == []


def test_chinese_finds_chinese_by_its_syllables_only() -> None:
    """Against Chinese text a Chinese name is its syllables, whatever the characters
    (瓜達爾 = 瓜达尔), not a near sound: 诸城 (zhucheng) is not 之争 (zhizheng)."""
    assert found("~瓜達爾", "新瓜达尔国际机场") == ["瓜达尔"]
    assert found("~诸城", "韩国锌业控制权之争") == []
    assert found("~東芝", "东芝宣布") == ["东芝"]


def test_a_chinese_or_japanese_name_longer_than_four_characters_is_found() -> None:
    """A name of five or more Han characters (能登半島地震, the Noto earthquake;
    台塑河靜鋼鐵) is looked for in runs as long as it: it had been looked for in runs of
    four only, so no text ever matched it, not even its own seed."""
    assert found("~能登半島地震", "石川県で能登半島地震の被害が広がる") == ["能登半島地震"]
    assert found("~台塑河靜鋼鐵", "越南政府認定台塑河静钢铁廠排污") == ["台塑河静钢铁"]
    assert found("~能登半島地震", "能登半島で地震") == []


def test_a_long_foreign_name_is_found_in_as_many_chinese_characters_as_it_needs() -> None:
    """The Chinese press writes a foreign name with about a character per consonant: a long
    one takes more than four (库丹库拉姆, Kudankulam; 斯凯莱夫特奥, Skellefteå), and was
    never found; a short name is still looked for in runs of four at most."""
    assert found("~Kudankulam", "俄罗斯向印度库丹库拉姆核电站交付燃料") == ["库丹库拉姆"]
    assert found("~கூடங்குளம்", "印度库丹库拉姆核电站") == ["库丹库拉姆"]
    assert found("~Skellefteå", "瑞典斯凯莱夫特奥工厂") == ["斯凯莱夫特"]  # (奥 for å unread)
    assert found("~Hambantota", "汉班托塔港") == ["汉班托塔"]


def test_katakana_name_ends_at_the_next_script() -> None:
    assert found("~Loudiyi", "ルーディイ氏は述べた") == ["ルーディイ"]


def test_hiragana_ends_a_katakana_run() -> None:
    # の is grammar: "BYDのハンガリー工場" is BYD, の, ハンガリー
    assert found("~ハンガリー", "BYDのハンガリー工場") == ["ハンガリー"]
    assert found("~比亚迪", "BYDのハンガリー工場") == ["BYD"]


def test_spelled_letters_need_a_name_that_is_that_acronym() -> None:
    assert found("~HIT", "شركة إتش آي تي الباكستانية") == ["إتش آي تي"]
    assert found("~Tata", "شركة إتش آي تي") == []
    assert found("~HIT", "بي واي دي") == []


# --- what must not match -------------------------------------------------------------------

NOT_SAME_NAME = [
    # short names (at most 2 consonants) compare whole: no vowel or letter forgiven
    ("~Tata", "tat"), ("~Tata", "teta"), ("~Tata", "Tatar"), ("~Tata", "Tatanka"),
    ("~Tata", "tito"), ("~Tata", "toto"), ("~Tata", "Tatta"), ("~Tata", "Tat"),
    ("~Tata", "Татар"), ("~HIT", "hat"), ("~HIT", "hot"), ("~HIT", "heat"),
    ("~Omar", "amour"), ("~Omar", "Amar"),
    # ch is sh only against other scripts (Arabic; Cyrillic, as French writes it: Шерат
    # may be Cherat): Cherat is not Sherat
    ("~Cherat", "Sherat"),
    # and only there: ف is no و (Fadi is not وادي, a valley), چ no ش
    ("~Fadi", "وادي"), ("~Faisal", "ويصل"), ("~Shirin", "چيرين"),
    # a long name is not a common word with the same consonants in another shape
    ("~Loudiyi", "lady"), ("~Loudiyi", "loud"), ("~Loudiyi", "load"), ("~Loudiyi", "Lloyd"),
    ("~Loudiyi", "old"), ("~Loudiyi", "ladies"), ("~Loudiyi", "Leeds"), ("~Loudiyi", "Lydia"),
    ("~Ahmed", "humid"), ("~Ahmed", "Hamid"), ("~Ahmed", "aimed"), ("~Karachi", "crotch"),
    ("~Karachi", "Karak"), ("~Zaheer", "zero"), ("~Baber", "barber"),
    ("~Cherat", "Cheratte"), ("~Cherat", "chart"),
    # medium names (3 or 4 consonants) written in two vowel-writing scripts: the inner
    # vowels count, loosely (a~e, e~i, o~u), and l/r, p/b stay apart
    ("~Rabat", "robot"), ("~Rabat", "rebut"), ("~Rabat", "reboot"), ("~Rabat", "работа"),
    ("~Baber", "paper"), ("~Baber", "Babel"), ("~Baber", "Babur"), ("~Qamar", "Kumar"),
    ("~Qamar", "Kamal"), ("~Karachi", "carichi"), ("~Karachi", "cliché"),
    ("~Morocco", "mercy"), ("~Morocco", "Marco"), ("~Kenitra", "century"),
    ("~Kenitra", "country"), ("~Berrechid", "breached"), ("~Motors", "mothers"),
    ("~Motors", "meters"),
    # long names: one consonant edit, not a different word
    ("~Casablanca", "compliance"), ("~Casablanca", "xbnacy"), ("~Industries", "investors"),
    ("~Rawalpindi", "revolviendo"),
    # whole words, as for any term
    ("~Pakistan", "Pakistani"), ("~Maghreb", "Maghrebi"),
    # the article, when the name has it, is required
    ("~Al-Khalid", "Khalid"),
    # one edit is for long names only; a second one is too many
    ("~Abdellatif", "Abdelkarim"), ("~Loudiyi", "Loukili"),
    # Chinese whose pinyin is another sound
    ("~Pakistan", "巴基斯坦"),
    # a short abjad word that leaves a vowel out is not looked for in another script, nor
    # a Latin name of under four sounds in an abjad; written vowels must agree
    ("~شل", "shall"), ("~شل", "school"), ("~HIT", "حيث"), ("~Eni", "عيني"),
    ("~إيني", "any"), ("~إيني", "eine"), ("~Eni", "إني"),
    # an acronym of pinyin initials is a whole word without vowels
    ("~比亚迪", "bayd"), ("~比亚迪", "BYDX"),
    # letters spelled out only as a run, and not the Arabic words among letter names
    ("~HIT", "في آي تي"),
    # a Korean particle comes off, not a syllable of the name (현대 is not 현대차)
    ("~현대", "현대차"), ("~메타플랜트", "metal"), ("~엘라벨", "label"),
    # the voicing merge is Korean's: between two Latin words d is not t
    ("~Toyota", "Tododa"), ("~도요타", "today"), ("~도요타", "Dodge"), ("~현대", "Honda"),
    ("~현대", "Хонда"),
    # a name without its r finds kana and Korean words only (Carter is not Ката, Кате)
    ("~Carter", "Ката"), ("~Carter", "Кате"), ("~Intel", "ואני"), ("~Kemp", "בקמפוס"),
    ("~Herbert", "Hebet"), ("~Energies", "Enegies"),
    ("~الضبعة", "Dubai"), ("~الضبعة", "Debbie"),
    # readings made for some scripts stay with them (found in review): a kana long vowel
    # as r, a Cyrillic glide, Russian си as shi, Latin soft c and g, a Hebrew diphthong
    ("~Baykar", "הבוקר"), ("~Park", "בפרק"), ("~ソニー", "勝利"), ("~ソニー", "senior"),
    ("~ハーバート", "חברת"), ("~比亚迪", "беда"), ("~도요타", "дети"), ("~Сибирь", "לשעבר"),
    ("~Сила", "שלה"), ("~Sina", "سنة"), ("~Gina", "لجنة"), ("~Hunter", "한다"),
    ("~Martin", "모든"), ("~Cecil", "사실"), ("~Price", "prise"), ("~Rice", "rise"),
    ("~Jet", "get"), ("~קריית", "court"), ("~קריית", "карта"),
    # a short abjad name is not a common Latin word (found in review: China in Persian)
    ("~چین", "chain"), ("~چین", "chin"),
    # a run of Chinese characters is no long name with a consonant more or less (found
    # in the shared corpus's feeds)
    ("~Tsingshan", "问题相关"),
    # kana and Korean write a vowel between consonants only where the name has one, and
    # the one they add (found in the shared corpus's feeds: Seattle is not style; Berlin
    # in Korean is not the Ukrainian план)
    ("~シアトル", "style"), ("~シアトル", "story"), ("~베를린", "план"),
    # a Cyrillic г read as h is for Latin names only
    ("~Гамбург", "хамбург"),
    # Korean against Korean is spelled alike: one consonant other is another word (found
    # in a Korea Zinc decoy: Young Poong is not business)
    ("~영풍", "영업은"), ("~고려아연", "고려아현"),
    # f is p against Korean only: between Latin words they stay apart
    ("~Frankfurt", "Prankpurt"),
    # across an abjad a consonant more or less is another word (found in the shared
    # corpus's feeds: Turkish Belucistan, a Balochistan context term, is not Pakistan)
    ("~Belucistan", "پاکستان"),
    # a short name is not a grammar word of another script spelled the same (found in
    # derived rules matched against other stories: Shell in Arabic is not Hebrew's "of",
    # China in Hindi not 请, please; ANA is not Arabic's "I")
    ("~شل", "של"), ("~चीन", "请"), ("~ANA", "أنا"),
    # Chinese against Chinese is its pinyin as written: zh is not j (found in derived
    # rules matched against other stories: Toshiba, 东芝 dongzhi, is not 冬季 dongji)
    ("~東芝", "冬季"), ("~东芝", "冬季"),
    # a Devanagari name of three or four consonants keeps its vowel signs (o, e, i, u) in
    # place (found the same way: Dholera was dollars in Russian, Italian, Polish, Persian
    # and Chinese, and Hindi's delivery)
    ("~धोलेरा", "долларов"), ("~धोलेरा", "dollari"), ("~धोलेरा", "dolarów"),
    ("~धोलेरा", "دلاری"), ("~धोलेरा", "डिलीवरी"), ("~धोलेरा", "的阿尔利"),
    # Chinese writes a vowel between two consonants only where a foreign name has one,
    # besides the one it adds (特斯拉 = Tesla, te-si-la): 策略 (strategy, ce-lue) and 材料
    # (material, cai-liao) are not Tesla
    ("~Tesla", "策略"), ("~Tesla", "材料"),
    # and a vowel of its own is the name's or a near one: 马斯克 (Musk, ma-si-ke) is not
    # Moscow, 讨论 (discussion, tao-lun) not Toren
    ("~Moscow", "马斯克"), ("~Toren", "讨论"),
    # one Chinese character, or a common word of Chinese or Japanese, is no name of
    # another script read by its sound (found by a trial seed: China in Hindi and Japan
    # in Persian, context terms of every rule, were 亲, parent, and 周边, surroundings)
    ("~चीन", "亲"), ("~चीन", "清"), ("~ژاپن", "周边"), ("~Chin", "亲"),
    # nor a common Korean word (found by reading the countries' names against Korean's
    # commonest words: "and", support and sales were Greece, Japan and Panama)
    ("~Greece", "그리고"), ("~Japan", "지원"), ("~Panama", "판매"), ("~Tonga", "통해"),
    # a Chinese name's surname, split off, is found in Latin text only
    ("~许家印", "许 家印"),
    # a common word of the Latin press in lower case is no one-word name written with a
    # capital (found by a trial seed: a Serbian mine, Jadar, was German jeder, every)
    ("~Jadar", "jeder"), ("~Јадар", "jeder"),
    # nor, capitalised too, a Latin word as common as grammar (Jeder at a sentence's start)
    ("~Jadar", "Jeder"), ("~Јадар", "Jeder"),
    # nor an everyday Latin word, capitalised in a title, with other vowels than a Greek or
    # Cyrillic name's (found in the background feeds: "Square's" was Σκουριές)
    ("~Σκουριές", "Square’s"), ("~Σκουριές", "Square"),
    # so with a Tamil name, whose script writes its vowels too, its words joined (found in
    # the background feeds: "unlike" was அணு உலைக்கு, to the nuclear reactor)
    ('~"அணு உலைக்கு"', "unlike"), ('~"அணு உலைக்கு"', "Unlike"),
    # and a common Latin word in lower case is that word, not a name of a script without
    # capitals, which the Latin press writes with one (found in the background feeds:
    # "until" was אינטל, Intel; "different" 메타플랜트, Metaplant)
    ("~אינטל", "until"), ("~메타플랜트", "different"),
    # a Chinese name split as the Latin press writes it is capitalised (何然 is no "he
    # ran"); Arabic's على with the pronoun ها is no name علي in the plural
    ("~何然", "he ran"), ("~علي", "عليها"),
    # kana and Korean end a name that ends in a consonant with a vowel of their own, one
    # that ends in a vowel with that vowel (found in a held-out seed's background hits:
    # Musk, 머스크, was Moscow, which they write 모스크바, モスクワ)
    ("~머스크", "Moscow"), ("~マスク", "Moscow"), ("~머스크", "Moskau"),
    # between two Latin words, -ow is as written; against an abjad, whose consonants are
    # all it writes, a name in -ow of three consonants is not read uf (طرف, a side;
    # معروف, known)
    ("~Turów", "Turuf"), ("~Turów", "طرف"), ("~Turów", "الطرف"), ("~Morrow", "معروف"),
    ("~Hollow", "خلف"),
    # ch and j are read as kh only for a name's kh (not حسن's h), and only in a word that
    # is no common word (jamás, never, is not حماس; Michael is not Mikhail)
    ("~حسن", "Chassan"), ('~"ہوائی اڈہ"', "Chiyoda"), ("~حماس", "jamás"),
    ("~Mikhail", "Michael"),
    # a name's th is s in kana and Korean, a text word's is not (found in the background
    # feeds: "something" was 삼성, Samsung)
    ("~삼성", "something"),
    # a name's signed letters as they sound, and its z as ts, not against an abjad or
    # Korean, whose common words are too like them (found by a review: الأردن, Jordan, was
    # Erdoğan; צריך, need, Țiriac; تعزيز, strengthening, Zeiss; 조직 Žižek; 시신 Thyssen)
    ("~Erdoğan", "الأردن"), ("~Erdoğan", "일단"), ("~Țiriac", "צריך"), ("~Zeiss", "تعزيز"),
    ("~Metz", "מטוס"), ("~Žižek", "조직"), ("~Thyssen", "시신"), ("~Thyssen", "セッション"),
    ("~Thales", "セールス"), ("~Thomson", "심신"), ("~Kurz", "カツ"), ("~Merz", "まつ"),
    ("~Metz", "ματς"),
    # a text word read with another language's letters is no common word of any
    # Latin-letter language (Polish jakim, Czech jméno, English jailed, German Bücher with
    # its umlaut) and keeps the letters it reads with (chômeurs is no ハマス)
    ("~Хаким", "jakim"), ("~خامنئي", "jméno"), ("~خالد", "jailed"), ("~Бухара", "Bücher"),
    ("~ハマス", "chômeurs"), ("~حسن", "Jacen"), ("~Мерц", "März"),
    # and is read so only where the text writes it with a capital, as names are
    ("~Каховка", "kachowka"), ("~Херсон", "jersón"),
    # nor is a common word whose accents folding dropped (Cheminée and Jméno as a
    # sentence's first word), nor a Polish adjective's final j any y (szerokiej, wide)
    ("~خامنئي", "Cheminée"), ("~خامنئي", "Jméno"), ("~Хаким", "Jakým"), ("~زرقاء", "szerokiej"),
    # a place adjective's place is guessed: looked for in kana, Korean and Chinese it
    # is their common words (ドーナツ, doughnut), and a short one (Прага) is not guessed
    ("~Донецкая", "ドーナツ"), ("~Празька", "Прага"), ("~Персидская", "پرسید"),
    # a Chinese name's glide is dropped only in the name, against other scripts: a Chinese
    # text word so read is some other name (播电 of 广播电台, radio station, is no Буданов)
    ("~Буданов", "广播电台"), ("~小米", "消灭"),
    # but not in a common Japanese word (キッチン, kitchen; チート, cheat), nor in a kana
    # name, where it makes a short name too many Latin words (カチン is no Cotton)
    ("~Katyn", "キッチン"), ("~Tito", "チート"), ("~カチン", "Cotton"), ("~カチン", "Kitten"),
    ("~スチール", "Steel"),
    # but only beside its long word, in a name that has one (ہوائی اڈہ, airport, has
    # none: Hindi हवाई अड्डे), and not a model's letters beside its number (KC-390)
    ('~"شهید رجایی"', "Shahid said"), ('~"شهید رجایی"', "Rajaei"),
    # and only a word written as a name, no common word, with only a space between
    ('~"Lara Trump"', "Judges rule Trump"), ('~"Saad Hariri"', "said Hariri"),
    ('~"Saad Hariri"', "السيد الحريري"), ('~"Saad Hariri"', "a seat. Hariri"),
    ('~"Omar Abdullah"', "Emir Abdullah"), ('~"Ali Hussein"', "إلى حسين"),
    ('~"Luis Caputo"', "los Caputo"), ('~"Анна Кузнецова"', "она. Кузнецова"),
    ('~"ہوائی اڈہ"', "हवाई अड्डे"), ('~"KC-390"', "C-390"),
    # but a Ukrainian і elsewhere is no Russian о (Ніжин is no нужен, needed)
    ("~Ніжин", "нужен"),
    # nor a name with what other languages' words end with (-son, -sen, a demonym's -n)
    ("~Williams", "Williamson"), ("~Anders", "Andersen"), ("~Korea", "Korean"),
    # nor a word of some language that ends as Hungarian or Finnish would (a review
    # found these), nor a short name left by reading a Hungarian sz as s
    ("~Herzog", "Herzogin"), ("~Costa", "Costará"), ("~Costa", "Costaba"),
    ("~Inter", "Interval"), ("~Conte", "Contessa"), ("~Kraft", "Kräftig"),
    ("~Kassa", "Kasszaban"), ("~Osetia", "Oszétiában"),
    # a Russian word read as Palladius or Polivanov syllables is that word where it is a
    # common one (не, not, is no Nie; и, and, no Yi; тина, slime, no China), and a
    # declined one only with a letter of Palladius's own (поляна, a glade, is no Polen)
    ("~Nie", "не"), ("~Yi", "и"), ("~China", "тина"), ("~Polen", "поляне"),
    ("~geng", "ген"),
    # but two characters that are no name of the dictionary's only by their own: too many
    # words read alike (遇袭, attacked, is no 玉溪, Yuxi), and a Chinese or Japanese name
    # is no other characters read alike (冬季, winter, is no 東芝)
    ("~Yuxi", "遇袭"), ("~東芝", "冬季"),
    # a common loanword in kana or Korean keeps its final vowel (ランチ, lunch; コーチ,
    # coach), and a German z stays ts against Latin letters
    ("~Ranch", "ランチ"), ("~Koch", "コーチ"), ("~Merz", "Mers"),
    # a פ within a Hebrew word stays p (אפשרי, possible, is no offshore)
    ("~offshore", "אפשרי"),
    # a doubled vowel is no doubled consonant (テラ, tera, is no Teerã), nor a z after a
    # vowel a German one (아크릴, acrylic, is no Izrael)
    ("~Teerã", "テラ"), ("~Izrael", "아크릴"),
    # a Cyrillic word without its case ending is no name's reading made for other
    # scripts too (выразила, expressed, is no 브라질 read as Brazil)
    ("~브라질", "выразила"),
    # a name in Hebrew letters is read as written: its first פ is p (פולין is Poland)
    ("~פולין", "филин"),
]


@pytest.mark.parametrize(("query", "text"), NOT_SAME_NAME)
def test_name_does_not_match_other_words(query: str, text: str) -> None:
    assert found(query, f"On Monday {text} said so.") == []


def test_multi_word_name_needs_its_words_in_order_and_together() -> None:
    query = '~"Zaheer Ahmed Baber"'
    assert found(query, "Zaheer and Ahmed Baber") == []
    assert found(query, "Baber Ahmed Zaheer") == []
    assert found(query, "Zaheer Ahmed") == []


def test_short_name_guard_is_about_consonants() -> None:
    # The guard: at most SHORT_CONSONANTS consonants in the key. Tata (t, t) and HIT are
    # short; Loudiyi (l, d, y) is not, so its vowels are forgiven.
    assert key(romanise("tata")) == ("ttV", 2)
    assert key(romanise("hit")) == ("ht", 2)
    assert key(romanise("loudiyi")) == ("ltyV", 3)  # the key merges d and t
    assert same_name("tata", "tata") and not same_name("tata", "teta")
    assert same_name("loudiyi", "loudayi")


def test_long_names_forgive_one_edit_of_their_key() -> None:
    # six or more consonants: one consonant more, less or different is still the name
    assert key(romanise("abdelkrim")) == ("Vbtlklm", 6)
    assert found("~Abdelkrim", "Abdelkarim said") == ["Abdelkarim"]
    assert found("~Abdelkrim", "Abdelkerim said") == ["Abdelkerim"]
    assert found("~Abdelkrim", "Abdelkrimo said") == []  # a vowel at the end is kept
    assert found("~Abdelkrim", "Abdelkader said") == []  # two changes
    assert found("~Abdelrahman", "Abderrahman said") == ["Abderrahman"]  # one l less
    assert found("~Abdelrahman", "Abdurrahman said") == ["Abdurrahman"]
    assert found("~Abdelrahman", "عبد الرحمن said") == ["عبد الرحمن"]


# --- with the rest of the language -----------------------------------------------------------


def test_name_in_a_field_scope() -> None:
    assert [h.rule_id for h in hits_for("title:~Tata", title="Тата")] == ["rule"]
    assert hits_for("title:~Tata", summary="Тата") == []


def test_name_with_not() -> None:
    assert hits_for("~Tata AND NOT Motors", summary="Tata Motors") == []
    assert len(hits_for("~Tata AND NOT Motors", summary="تاتا في المغرب")) == 1
    assert hits_for("Motors AND NOT ~Tata", summary="Тата Motors") == []


def test_name_near_counts_the_matched_words() -> None:
    query = '~"Zaheer Ahmed Baber" NEAR/2 Morocco'
    assert len(hits_for(query, summary="Zahir Ahmad Babar visited Morocco")) == 1
    assert len(hits_for(query, summary="Zahir Ahmad Babar visited the south of Morocco")) == 0
    # the name's own words are not counted as words between
    assert len(hits_for("Morocco NEAR/1 ~\"Zaheer Ahmed Baber\"",
                        summary="Morocco welcomed Zahir Ahmad Babar")) == 1


def test_a_chinese_proper_name_is_one_mention() -> None:
    # 成都 is read as the dictionary's proper name and by its characters: one mention
    assert len(hits_for("~Chengdu NEAR/3 ~Chengdu", summary="成都")) == 0
    assert len(hits_for("~Chengdu NEAR/3 ~Chengdu", summary="成都和成都")) == 1


def test_name_or_word_in_parentheses() -> None:
    query = "(~Loudiyi OR Bajwa) AND (defence OR الدفاع)"
    assert len(hits_for(query, summary="وزير الدفاع لوديي")) == 1
    assert hits_for(query, summary="Loudyi at the market") == []


def test_name_hit_explains_itself_and_marks_the_snippet() -> None:
    text = "In Rabat, Abdellatif Loudyi met the delegation."
    [hit] = hits_for("~Loudiyi", summary=text)
    [term] = hit.terms
    assert (term.term, term.field, term.text) == ("~Loudiyi", "summary", "Loudyi")
    assert text[term.start : term.end] == "Loudyi"
    assert [part for part, marked in hit.snippet.parts() if marked] == ["Loudyi"]


def test_name_span_shows_the_article_written_apart() -> None:
    [hit] = hits_for("~Khalid", summary="the al-Khalid tank")
    assert [t.text for t in hit.terms] == ["al-Khalid"]


def test_name_and_plain_term_rules_side_by_side() -> None:
    rules = [CompiledRule("name", parse_query("~Tata")),
             CompiledRule("word", parse_query("Tata")),
             CompiledRule("other", parse_query("~Loudiyi AND army"))]
    matcher = Matcher(rules)
    assert [h.rule_id for h in matcher.match(document_fields(summary="Тата"))] == ["name"]
    assert [h.rule_id for h in matcher.match(document_fields(summary="Tata"))] == [
        "name", "word"]
    assert matcher.match(document_fields(summary="Loudyi")) == []
    assert [h.rule_id for h in matcher.match(document_fields(summary="army Loudyi"))] == [
        "other"]


def test_many_name_rules_give_the_hits_of_each_rule_alone() -> None:
    names = ["Loudiyi", "Tata", "Karachi", "Ahmed", "Pakistan", "Maghreb", "Zaheer",
             '"Zaheer Ahmed Baber"', "Al-Khalid", "Abdellatif", "Qamar", "Baber"]
    rules = [CompiledRule(f"r{i}", parse_query("~" + n)) for i, n in enumerate(names)]
    texts = [text for _, text in SAME_NAME] + [text for _, text in NOT_SAME_NAME]
    together = Matcher(rules)
    alone = [Matcher([r]) for r in rules]
    total = 0
    for text in texts:
        fields = document_fields(summary=text)
        expected = [hit for single in alone for hit in single.match(fields)]
        assert together.match(fields) == expected
        total += len(expected)
    assert total > 40


# --- the query language ------------------------------------------------------------------------


def test_name_terms_parse() -> None:
    term = parse_query("~Loudiyi")
    assert isinstance(term, Term) and term.name and term.tokens == ("loudiyi",)
    phrase = parse_query('title:~"Zaheer Ahmed Baber"')
    assert isinstance(phrase, Term) and phrase.name
    assert phrase.tokens == ("zaheer", "ahmed", "baber") and phrase.fields == {"title"}
    assert isinstance(parse_query('~"لوديي"'), Term)
    assert parse_query("~Tata") != parse_query("Tata")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("~", "~ goes right before a name"),
        ("~Tata*", "cannot end in *"),
        ("case:~Tata", "case: and ~ do not go together"),
        ("case:(~Tata OR Motors)", "case: and ~ do not go together"),
        ('~"Zaheer', "unclosed quote"),
        ("~,", "no letters or digits"),
    ],
)
def test_name_term_mistakes_say_what_to_do(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("*", r"\*")):
        parse_query(query)


# --- the index ---------------------------------------------------------------------------------


def test_rule_words_join_particles_and_runs() -> None:
    assert rule_words(("al", "khalid"), lambda i: True) == ["alkhalid"]
    assert rule_words(("abu", "bakr", "x"), lambda i: True) == ["abubakr", "x"]
    tokens = tuple(folded_tokens("ザヒール・アハメド").split())
    assert rule_words(tokens, lambda i: i != 3) == [
        folded_tokens(w).replace(" ", "") for w in ("ザヒール", "アハメド")]


def test_index_agrees_with_the_pairwise_definition() -> None:
    words = sorted({w for _, text in SAME_NAME + NOT_SAME_NAME
                    for w in folded_tokens(text).split() if w.isascii()} | {
        "abdelkrim", "abdelkarim", "abdelkrimo", "loudiyi", "tata", "ahmed", "karachi",
        "kassa", "osetia", "debrecen", "herzog"})
    index = NameIndex()
    for name_id, name in enumerate(words):
        index.add(name_id, [name])
    for word in words:
        assert {p[0] for p in index.places(word)} == {
            i for i, name in enumerate(words) if same_name(name, word)}, word


def test_index_remembers_each_word() -> None:
    index = NameIndex()
    index.add(0, ["loudiyi"])
    first = index.places("loudyi")
    assert index.places("loudyi") is first


def test_a_russian_or_kana_glide_is_the_german_u_the_latin_press_folds() -> None:
    """Грюнхайде and グリューンハイデ write Grünheide's ü with a glide; the Latin press
    writes Grunheide or Gruenheide. The glide-less reading is for Latin words only."""
    for text_word in ("грюнхайде", "グリューンハイデ", "gruenheide"):
        assert same_name(folded_tokens("Grünheide"), text_word), text_word
    assert not same_name(folded_tokens("Grünheide"), "грюнберг")


def test_a_cyrillic_g_may_write_a_latin_h() -> None:
    """Russian and Ukrainian write a foreign h as г (Гамбург, Гарвард, Грюнгайде): each
    г, and all of them, is also read as h against Latin names."""
    for name, text_word in (("hamburg", "гамбург"), ("harvard", "гарвард"),
                            ("grunheide", "грюнгайде"), ("grunheide", "грюнхайде")):
        assert same_name(name, text_word), text_word
    assert not same_name("hamburg", "гамбит")


def test_a_korean_wi_after_a_consonant_is_the_german_u() -> None:
    """그륀하이데 writes Grünheide's ü as wi; read as u, it is the Latin name."""
    assert same_name(folded_tokens("Grünheide"), folded_tokens("그륀하이데"))
    assert not same_name(folded_tokens("Grünheide"), folded_tokens("그린하우스"))


def test_a_short_abjad_name_is_no_common_latin_word() -> None:
    """A short name in an abjad is found in Latin script (الضبعة = Dabaa), but never as an
    everyday Latin word (چین, China in Persian, is not chain)."""
    assert same_name(folded_tokens("الضبعة"), "dabaa")
    assert not same_name(folded_tokens("چین"), "chain")


def test_a_waw_before_alef_is_the_vowel_of_a_foreign_name() -> None:
    """בואינג and بوئینگ are Boeing: the waw after a consonant and before alef or hamza
    writes its o."""
    assert same_name("boeing", "בואינג")
    assert same_name("boeing", folded_tokens("بوئینگ"))
    # an Arabic waw before alef is a consonant (روابط, links; قوانين, laws), and a waw
    # later in the word is no foreign o (خواننده, singer)
    for word, name in (("روابط", "rabat"), ("قوانين", "canon"), ("خواننده", "honda")):
        assert not same_name(name, folded_tokens(word)), word
    assert not same_name("boeing", "בואר")


def test_a_greek_name_is_found_in_its_other_cases() -> None:
    """Greek declines names as Russian does: Πειραιάς (nominative) is Πειραιά and
    Πειραιώς in the press, Μητσοτάκης is Μητσοτάκη; a longer word of the same start is
    no case of it (Αθηναίοι, Athenians, is not Αθήνα), and a Latin word alike in its
    consonants only is no spelling of it (Paris)."""
    from monitor.rulebook.names import same_name
    from monitor.rulebook.normalize import folded_tokens

    def same(name: str, word: str) -> bool:
        return same_name(folded_tokens(name), folded_tokens(word))

    assert same("Πειραιάς", "Πειραιά") and same("Πειραιάς", "Πειραιώς")
    assert same("Μητσοτάκης", "Μητσοτάκη") and same("Κερατσίνι", "Κερατσινίου")
    assert same("Πειραιάς", "Piraeus") and same("Πειραιάς", "Pireas")
    assert not same("Αθήνα", "Αθηναίοι")
    # Greek ει is i: Πειραιάς, Pireas, is not Paris (CC-CEDICT's 巴黎 was its alias)
    assert not same("Πειραιάς", "Paris")


def test_an_armenian_name_is_found_in_its_other_cases_and_scripts() -> None:
    """Armenian declines names and writes the article against them: Ստեփանակերտի (of
    Stepanakert) is Ստեփանակերտից and Ստեփանակերտում, Stepanakert and Степанакерт;
    Վարդանյանը (with the article) is Vardanyan; its ու is u (Ռուբեն = Ruben). A name
    ending in -ն is not read without it (Լիդիան is no Lydia)."""
    for query, text in (("~Ստեփանակերտի", "Blast near Stepanakert"),
                        ("~Ստեփանակերտի", "Взрыв под Степанакертом"),
                        ("~Ստեփանակերտի", "Ստեփանակերտում պայթյուն"),
                        ("~Ստեփանակերտ", "Ստեփանակերտից հեռացան"),
                        ('~"Ռուբեն Վարդանյանը"', "Ruben Vardanyan detained"),
                        ("~Վարդանյանը", "Վարդանյանի դատավարությունը")):
        assert hits_for(query, title=text), (query, text)
    assert not hits_for("~Լիդիան", title="Lydia and her coins")
    assert not same_name(folded_tokens("Լիդիան"), folded_tokens("Lydia"))
    # a vowel-final name takes its endings after a glide (Մոսկվայում, in Moscow); an
    # ending never replaces a final vowel (տարի, of the year, is no Tara; Ջուրը, the
    # water, no Jura), and a name's own -ին is no ending (Պուտին is no Путь, a way)
    assert hits_for("~Москва", title="Մոսկվայում բանակցություններ")
    for query, text in (("~Tara", "Այս տարի Տարին"), ("~Jura", "Ջուրը"), ("~Marta", "Մարտի 8"),
                        ("~Պուտին", "Путь домой")):
        assert not hits_for(query, title=text), (query, text)


def test_a_ukrainian_name_is_found_in_its_other_cases() -> None:
    """Ukrainian declines -о names and writes the locative with і: Дніпро, Дніпрі;
    Харків, Харкові; Зайченко, Зайченка; and its instrumental in -єю, -ею and -єм:
    Польщею, Китаєм, and Лівією, a country to derive in that case too (though a name this
    short matches only as spelled)."""
    from monitor.rulebook.derive.places import country_of
    from monitor.rulebook.names import same_name
    from monitor.rulebook.normalize import folded_tokens

    for name, word in (("Дніпро", "Дніпрі"), ("Харків", "Харкові"), ("Зайченко", "Зайченка"),
                       ("Газпром", "Газпрома"), ("Польща", "Польщею"), ("Китай", "Китаєм")):
        assert same_name(folded_tokens(name), folded_tokens(word)), (name, word)
    assert [country_of(w, "uk") for w in ("Лівією", "Францією", "Китаєм")] == [
        {"LY"}, {"FR"}, {"CN"}]
    # -ею ends a Russian verb after any other letter: сумею (I'll manage) is no Суми
    for name, word in (("Суми", "сумею"), ("Влада", "владею"), ("Рада", "радею")):
        assert not same_name(folded_tokens(name), folded_tokens(word)), (name, word)


def test_a_bengali_name_is_read_with_its_unwritten_vowels_and_without_its_case_ending() -> None:
    """Bengali, like Devanagari, leaves a consonant's vowel unwritten (রোসাটম = Rosatom)
    and writes a w after a consonant as its ba (ঈশ্বরদী = Ishwardi); its case endings go
    against the name (রোসাটমের, of Rosatom; পাবনার, of Pabna)."""
    from monitor.rulebook.names import same_name
    from monitor.rulebook.normalize import folded_tokens

    for name, word in (("Rosatom", "রোসাটম"), ("Rosatom", "রোসাটমের"), ("Ishwardi", "ঈশ্বরদী"),
                       ("ঈশ্বরদী", "ঈশ্বরদীতে"), ("Pabna", "পাবনার"), ("Dhaka", "ঢাকা"),
                       ("Πέραμα", "Περάματος")):
        assert same_name(folded_tokens(name), folded_tokens(word)), (name, word)
    assert not same_name(folded_tokens("Rosatom"), folded_tokens("রোস্টার"))


def test_indias_other_scripts_are_read_as_devanagari() -> None:
    """Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada and Malayalam lay their letters
    out as Devanagari does, so each is read as Devanagari: the Tamil press's கூடங்குளம்
    is Kudankulam and its ரோசாட்டம் Rosatom (ச is s there, ch in சென்னை, Chennai); a
    common Tamil word is still no name (மாநாட்டில், at the conference, is not Intel)."""
    for query, text in (("~Kudankulam", "கூடங்குளம் அணுமின் நிலையம்"),
                        ("~Rosatom", "ரோசாட்டம் நிறுவனம்"), ("~Chennai", "சென்னை நகரம்"),
                        ("~Gujarat", "ગુજરાત સરકાર"), ("~Punjab", "ਪੰਜਾਬ ਸਰਕਾਰ"),
                        ("~Modi", "మోదీ ప్రభుత్వం"), ("~Bengaluru", "ಬೆಂಗಳೂರು ನಗರ"),
                        ("~Odisha", "ଓଡ଼ିଶା ସରକାର"), ("~Kudankulam", "കൂടംകുളം ആണവനിലയം")):
        assert found(query, text), (query, text)
    assert not found("~Intel", "மாநாட்டில் அறிந்த")


def test_a_tamil_name_is_found_under_its_case_ending() -> None:
    """Tamil writes its case endings against a name: after its last consonant (புடினுக்கு,
    to Putin), after the glide வ or ய a final vowel takes (ரஷ்யாவிலிருந்து, from Russia;
    இடிந்தகரையில், in Idinthakarai), in a final -ம்'s place as த்த (கூடங்குளத்தில், in
    Kudankulam) and after a doubled final consonant (குஜராத்தில், in Gujarat). A common
    word with an ending is still no name (படத்தில், in the film, is no Batam)."""
    from monitor.rulebook.names import tamil_nominatives

    assert tamil_nominatives("கூடங்குளத்தில்")[0] == "கூடங்குளம்"
    assert tamil_nominatives("உலைக்கு") == ["உலை"]
    assert tamil_nominatives("கூடங்குளம்") == []
    for query, text in (("~கூடங்குளம்", "கூடங்குளத்தில் புதிய அலகு"),
                        ("~Kudankulam", "கூடங்குளத்தின் மூன்றாவது அலகு"),
                        ("~Kudankulam", "கூடங்குளத்துக்கு எரிபொருள்"),
                        ("~ரஷ்யா", "ரஷ்யாவிலிருந்து எரிபொருள்"),
                        ("~Putin", "புடினுக்கு கடிதம்"),
                        ("~இடிந்தகரை", "இடிந்தகரையில் போராட்டம்"),
                        ("~குஜராத்", "குஜராத்தில் தேர்தல்")):
        assert found(query, text), (query, text)
    assert not found("~Batam", "படத்தில் நடித்தார்")
    assert not found("~Kudankulam", "குளத்தில் மீன்கள்")


def test_tamil_and_malayalam_zh_and_nj_are_read_as_the_press_spells_them() -> None:
    """ழ and ഴ are zh in the press (Vizhinjam), which transliteration reads l, and ഞ്ഞ,
    ஞ்ச are nj: the Malayalam and Tamil press's വിഴിഞ്ഞം, விழிஞ்சம் were no Vizhinjam, nor
    the Hindi press's विझिंजम, which writes that zh झ. Tamil itself stays Tamil."""
    for text in ("വിഴിഞ്ഞം തുറമുഖം", "விழிஞ்சம் துறைமுகம்", "विझिंजम बंदरगाह",
                 "Vizhinjam port"):
        assert found("~Vizhinjam", text) and found("~विझिंजम", text), text
    assert found("~Tamil", "தமிழ் மொழி")


def test_a_nukta_gives_a_devanagari_letter_its_foreign_sound() -> None:
    """ज़ is z and फ़ f (anyascii writes the nukta as an apostrophe, which was dropped):
    the Hindi press's गैज़प्रोम is Gazprom, ज़रदारी Zardari; ड़ stays d as the press spells
    it (ओड़िशा = Odisha)."""
    for query, text in (("~Gazprom", "गैज़प्रोम प्रमुख"), ("~Zardari", "राष्ट्रपति ज़रदारी ने"),
                        ("~Odisha", "ओड़िशा सरकार"), ("~Fiji", "फ़िजी सरकार")):
        assert found(query, text), (query, text)
    assert romanise("ज़रदारी") == "zrdari"


def test_a_cyrillic_name_as_serbian_latin_and_its_e_after_a_vowel_as_ye() -> None:
    """Serbian writes Cyrillic in Latin letter for letter (Вучић = Vučić, folded vucic;
    Ђоковић = Djokovic), read so only in its own letters; Russian е after a vowel or
    opening a word is ye (Алиев = Aliyev, Токаев = Tokayev, Евгений = Yevgeny), which the
    press also writes without it (Aliev); a Latin Aliyev is also the Cyrillic Алиев."""
    for query, text in (("~Вучић", "president Vučić said"), ("~Вучић", "Vucic said"),
                        ("~Ђоковић", "Djokovic won"), ("~Алиев", "Aliyev met Putin"),
                        ("~Алиев", "Aliev met Putin"), ("~Токаев", "Tokayev visited"),
                        ("~Евгений", "Yevgeny Prigozhin"), ("~Aliyev", "Президент Алиев")):
        assert found(query, text), (query, text)
    # a Russian name is no Serbian one: Шелл is no "sell", Сочи no Italian "soci"
    assert not found("~Шелл", "plans to sell the unit")
    assert not found("~Сочи", "i soci della cooperativa")


def test_tamil_writes_no_voiced_stops_apart_and_its_aytham_writes_f() -> None:
    """Tamil's ப is p and b, த t and d in a long name (ஸ்ரீபெரும்புதூர் = Sriperumbudur,
    பெங்களூரு = Bengaluru; not a short one, which is many words), and ஃ before ப writes
    an f (ஃபாக்ஸ்கான் = Foxconn; it was read h)."""
    for query, text in (("~Foxconn", "ஃபாக்ஸ்கான் நிறுவனம்"),
                        ("~Sriperumbudur", "ஸ்ரீபெரும்புதூர் ஆலை"),
                        ("~Bengaluru", "பெங்களூரு நகரம்"), ("~ஃபாக்ஸ்கான்", "Foxconn plant")):
        assert found(query, text), (query, text)
    assert not found("~Batam", "இந்த படம் வெற்றி")  # a short name: படம், film


def test_a_korean_name_is_found_split_into_its_syllables() -> None:
    """Korean writes a name whole (최윤범, 영풍); the press elsewhere writes its syllables
    apart, with a space or a hyphen (Choi Yun-beom, Young Poong, يونغ بونغ)."""
    assert found("~최윤범", "Korea Zinc chairman Choi Yun-beom said") == ["Choi Yun-beom"]
    assert found("~최윤범", "Choi Yunbeom") == ["Choi Yunbeom"]
    assert found("~김병주", "MBK's Kim Byung-ju") == ["Kim Byung-ju"]
    assert found("~영풍", "Young Poong's votes were barred") == ["Young Poong"]
    assert found("~영풍", "معركة إم بي كيه ويونغ بونغ") == ["ويونغ بونغ"]
    assert found("~영풍", "של יונג פונג") == ["יונג פונג"]
    # a family name as the press spells it, not as romanised (이 = Lee, 정 = Chung)
    assert found("~이재용", "Samsung chairman Lee Jae-yong said") == ["Lee Jae-yong"]
    assert found("~정의선", "Hyundai's Chung Eui-sun") == ["Chung Eui-sun"]
    assert found("~이재용", "이재용 회장은") == ["이재용"]
    # accents the folded pieces have lost (McCune-Reischauer's ŏ)
    assert found("~최윤범", "chairman Choi Yun-bŏm said") == ["Choi Yun-bŏm"]


def test_a_split_korean_name_needs_words_written_as_a_name() -> None:
    """Each piece starts with a capital (or follows a hyphen); in a script without
    capitals, not every piece may be a common word; a word of five syllables or more is
    a loanword (메타플랜트, Metaplant), never split."""
    assert found("~영풍", "a young punk band") == []
    assert found("~최윤범", "choi yun beom") == []
    assert found("~영풍", "في من") == []
    assert found("~메타플랜트", "a solar module plant in Georgia") == []
    assert found("~메타플랜트", "Hyundai's Metaplant") == ["Metaplant"]


def test_a_katakana_name_dotted_apart_is_the_name_written_whole() -> None:
    """Japanese writes a foreign person's name with a middle dot between its parts
    (チェ・ユンボム); the name written whole (최윤범) is found there too."""
    assert found("~최윤범", "チェ・ユンボム会長側が勝利") == ["チェ・ユンボム"]
    assert found("~김병주", "MBK、キム・ビョンジュ会長の大勝負") == ["キム・ビョンジュ"]


def test_a_korean_name_is_found_in_the_han_characters_it_is_read_from() -> None:
    """The Chinese and Japanese press write Korean names and words in Han characters,
    whose Korean readings spell them (崔允範 = 최윤범, 高麗亜鉛 = 고려아연), in
    traditional, simplified or Japanese forms, inside a run of other characters."""
    from monitor.rulebook.names import same_name
    from monitor.rulebook.normalize import folded_tokens

    assert found("~최윤범", "韩国锌业会长崔允范表示") == ["崔允范"]
    assert found("~고려아연", "韓国・高麗亜鉛にTOB") == ["高麗亜鉛"]
    assert found("~고려아연", "高丽亚铅将回购") == ["高丽亚铅"]
    assert found("~의결권", "議決権を制限") == ["議決権"]
    assert found("~현대자동차", "現代自動車は") == ["現代自動車"]
    assert found("~영풍", "永丰联手MBK") == ["永丰"]
    assert same_name(folded_tokens("최윤범"), "崔允範")
    # two characters only when they are a word: 营丰 of 经营丰富 (management rich) reads
    # 영풍 by chance
    assert found("~영풍", "经营丰富") == []
    assert not same_name(folded_tokens("영풍"), "营丰")
    # a reading that is not the name's, and a name not in Hangul, find nothing
    assert found("~최윤범", "崔允浩表示") == []
    assert found("~Choi", "崔允範") == []


def _cjk_texts() -> list[str]:
    """The Chinese and Japanese items of the derive development set, folded."""
    import json
    from pathlib import Path

    texts = []
    for items in sorted(Path(__file__).parent.glob("data/derive/*/items.jsonl")):
        for line in items.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            if item.get("lang") in ("zh", "ja"):
                texts.append(folded_tokens(f"{item['title']} {item.get('summary', '')}"))
    return texts


def test_every_run_of_chinese_characters_that_may_be_a_name_is_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run of Chinese characters is looked up only while its syllables or consonants,
    read one character at a time, begin some name's: a pre-filter that must lose nothing.
    Against looking up every run, on real Chinese and Japanese text, with names read
    from that text (pinyin, a vowel changed, the vowel Chinese adds dropped), names in
    other scripts, and Chinese names."""
    import random

    from anyascii import anyascii

    import monitor.rulebook.names as names_module

    texts = _cjk_texts()
    rng = random.Random(3)
    runs = [run for text in texts for run in re.findall(r"(?:[\u4e00-\u9fff] ?){2,4}", text)]
    names = ["Gwadar", "瓜达尔", "Boeing", "波音", "Tesla", "Toyota", "トヨタ", "Junshi",
             "Синьцзян", "Mitsubishi", "三菱", "Huawei", "Anan", "Formosa", "غوادر", "고려아연"]
    for run in rng.sample(runs, 400):
        spelled = anyascii(run.replace(" ", "")).lower()
        if rng.random() < 0.3:
            spelled = spelled[:-1]
        elif rng.random() < 0.3:
            spelled = spelled.replace("a", "e", 1)
        names.append(spelled.capitalize())
    index = NameIndex()
    for name_id, name in enumerate(names):
        index.add(name_id, rule_words(tuple(folded_tokens(name).split(" ")), lambda i: True))

    def every_run(
        self: names_module.HanFilter, tokens: list[str], index: int, end: int
    ) -> Iterator[tuple[int, int, str]]:
        for first in range(index, end):
            for last in range(first + 1, min(end, first + self.window) + 1):
                yield first, last, "".join(tokens[first:last])

    filtered = [index.find(text, lambda i: True) for text in texts]
    monkeypatch.setattr(names_module.HanFilter, "words", every_run)
    everything = [index.find(text, lambda i: True) for text in texts]
    assert filtered == everything
    assert sum(len(spans) for found in everything for spans in found.values()) > 300


def test_chinese_characters_are_no_syllables_of_a_split_korean_name() -> None:
    """The Chinese press writes a Korean name in the characters it is read from, not
    one character per syllable by sound: characters across a full stop were joined as
    the pieces of a split name and read as some name (们。国 as Miango, 们。这 as 민지)."""
    rules = [CompiledRule("korean", parse_query("~민지")),
             CompiledRule("latin", parse_query("~Miango"))]
    matcher = Matcher(rules)
    for text in ("我们。国家的人民", "他们。这是", "人民。国家"):
        assert matcher.match(document_fields(summary=text)) == [], text
    assert [h.rule_id for h in matcher.match(document_fields(summary="Miango said"))] == ["latin"]


def test_every_run_of_chinese_characters_passes_the_filter_for_its_own_readings() -> None:
    """The filter puts a run's key together from its characters' (HanFilter): for every
    run of one to four characters in the development set's Chinese and Japanese items,
    a filter that holds only the run's own readings lets it through."""
    from monitor.rulebook.names import HAN_WINDOW, HanFilter, script, word_forms

    runs: set[tuple[str, ...]] = set()
    for text in _cjk_texts():
        tokens = text.split(" ")
        for first in range(len(tokens)):
            for last in range(first + 1, min(len(tokens), first + HAN_WINDOW) + 1):
                if script(tokens[last - 1]) != "han":
                    break
                runs.add(tuple(tokens[first:last]))
    assert len(runs) > 10_000
    missed = []
    for run in runs:
        only = HanFilter()
        for form in word_forms("".join(run)):
            only.add(form)
        if (0, len(run)) not in {(s, e) for s, e, _ in only.words(list(run), 0, len(run))}:
            missed.append("".join(run))
    assert missed == []


def test_a_full_word_cache_is_emptied_between_texts_not_while_one_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The index remembers each word's answer up to a bound, then forgets them all.
    Forgetting in the middle of a text lost what the text's first words had said: a
    split Korean name's pieces (a KeyError that stopped matching) and the words that
    may be names (missed names)."""
    import monitor.rulebook.names as names_module

    monkeypatch.setattr(names_module, "_WORD_CACHE", 5)
    index = NameIndex()
    index.add(0, rule_words(tuple(folded_tokens("영풍").split(" ")), lambda i: True))
    index.add(1, rule_words(tuple(folded_tokens("Loudiyi").split(" ")), lambda i: True))
    filler = " ".join(f"word{n}" for n in range(40))
    for text in (f"Young Poong {filler} Loudiyi 永丰 会谈", f"{filler} Young Poong 经营 Loudyi"):
        found = index.find(folded_tokens(text), lambda i: True, lambda word: True)
        assert sorted(found) == [0, 1], text


def test_the_unwritten_vowel_beside_ya_and_va_is_read() -> None:
    """Devanagari leaves a vowel unwritten after each consonant, and a reading without it
    makes य and व beside a consonant a vowel: वायनाड was no Wayanad, विजयन no Vijayan,
    यमुना no Yamuna. Read with the vowel, against the Latin press, in names of three
    consonants or more; shorter ones stay apart from everyday words (व्यास, vayas)."""
    assert found("~वायनाड", "Wayanad landslide toll rises") == ["Wayanad"]
    assert found("~विजयन", "Chief Minister Pinarayi Vijayan said") == ["Vijayan"]
    assert found("~यमुना", "the Yamuna rose") == ["Yamuna"]
    assert found("~व्यास", "no vayas") == [] and found("~यमुना", "Yemen") == []


def test_a_name_written_with_a_capital_is_no_lower_case_common_word() -> None:
    """~Maduro is not Spanish "maduro" (ripe), in any script the rule writes it; the
    common word written with a capital, or a rule that writes it in lower case, is."""
    assert found("~Maduro", "Un festival del plátano maduro.") == []
    assert found("~Мадуро", "Un festival del plátano maduro.") == []
    assert found("~Maduro", "Nicolás Maduro habló.") == ["Maduro"]
    assert found("~Maduro", "NICOLÁS MADURO HABLÓ") == ["MADURO"]
    assert found("~maduro", "Un plátano maduro.") == ["maduro"]
    # Indonesian's words too: bakar (burnt) and kamar (room) are no Baykar or Qamar
    assert found("~Baykar", "13 pekerja tewas, puluhan luka bakar.") == []
    assert found("~Qamar", "Tamu hotel menunggu di kamar.") == []
    assert found("~Qamar", "Jenderal Kamar Bajwa tiba.") == ["Kamar"]
    assert found('~"Banco de España"', "Banco de España dijo") == ["Banco de España"]
    # a capital inside the word counts (YouTube); a longer name's words say enough (the
    # port of Baltimore); a link is lower case
    assert found("~YouTube", "Watch it on YouTube.") == ["YouTube"]
    assert found('~"Port of Baltimore"', "ships left the port of Baltimore") == [
        "port of Baltimore"]
    assert hits_for("link:~Maduro", link="https://example.org/maduro")


def test_a_voiced_consonant_before_a_voiceless_one_is_read_as_said() -> None:
    """Russian Газпром is said gasprom: kana and Korean write the sound (ガスプロム,
    가스프롬), the Latin press the letters (Gazprom); all are one name. Between vowels the
    consonants stay apart (Kazan is no Kasan)."""
    assert found("~Газпром", "ロシア・中国　ガスプロム発表") == ["ガスプロム"]
    assert found("~Gazprom", '가스프롬 "몽골 경유 가스관"') == ["가스프롬"]
    assert found("~ガスプロム", "Gazprom said") == ["Gazprom"]
    assert not same_name("kazan", "kasan") and not same_name("казан", "kasan")


def test_a_cyrillic_name_as_the_german_polish_and_czech_press_write_it() -> None:
    """They write й, я, ю, є with j, and German з as s, ц as z, ж as sch, в as w (Sojus,
    Jelzin, Jermak, Rjasan, Janukowytsch); a common word of those languages stays itself
    (Polish jakim, "what kind", is no Яким)."""
    for name, word in (("~Союз", "Sojus"), ("~Ельцин", "Jelzin"), ("~Єрмак", "Jermak"),
                       ("~Рязань", "Rjasan"), ("~Янукович", "Janukowytsch"),
                       ("~Союз", "Soyuz")):
        assert found(name, f"Die {word} sagte") == [word], name
    assert found("~Яким", "jakim sposobem") == []
    assert found("~Яким", "Jakim sposobem") == []


def test_greek_writes_a_foreign_b_d_g_with_two_letters() -> None:
    """Μπάιντεν is Biden, Ερντογάν Erdoğan, Φολκσβάγκεν Volkswagen, Άγγελα Angela; the
    letters keep their own reading too (Αντώνης is Antonis)."""
    for name, word in (("~Biden", "Μπάιντεν"), ("~Erdoğan", "Ερντογάν"),
                       ("~Volkswagen", "Φολκσβάγκεν"), ("~Angela", "Άγγελα"),
                       ("~Ελντοράντο", "Eldorado"), ("~Antonis", "Αντώνης")):
        assert found(name, f"Ο {word} είπε") == [word], name


def test_a_latin_z_is_the_ts_kana_writes_in_a_long_enough_name() -> None:
    """ショルツ is Scholz and メルツ Merz, but カツ (a cutlet) is no Kurz, nor まつ Merz."""
    assert found("~Scholz", "ニュース ショルツ 発表") == ["ショルツ"]
    assert found("~Merz", "ニュース メルツ 発表") == ["メルツ"]
    assert found("~Mazda", "ニュース マツダ 発表") == ["マツダ"]
    assert found("~Kurz", "ニュース カツ 発表") == [] and found("~Merz", "まつ") == []


def test_a_short_chinese_name_is_only_its_own_characters_in_chinese_text() -> None:
    """Two syllables read without their tones are too many words: 玉溪 (Yuxi, a city) is
    not 与西 ("with the west") nor 遇袭 ("attacked"); it is itself, and Yuxi in Latin."""
    assert found("~玉溪", "宝武集团与西芒杜") == []
    assert found("~玉溪", "车队在瓜达尔遇袭") == []
    assert found("~玉溪", "途经玉溪、普洱") == ["玉溪"]
    assert found("~玉溪", "via Yuxi and Pu'er") == ["Yuxi"]
    assert not same_name("玉溪", "鱼事") and same_name("玉溪", "玉溪")


def test_a_latin_korean_name_finds_its_korean_letters_by_its_family_name() -> None:
    """The press spells Korean family names its own way (Lee for 이, read i; Chung for
    정, jeong): a Latin name that opens with one is also read with the Korean sound,
    against Korean text, so an English seed's Lee Jae-yong finds 이재용 (and not 이재명)."""
    assert found('~"Lee Jae-yong"', "뉴스 이재용 회장") == ["이재용"]
    assert found('~"Chung Eui-sun"', "뉴스 정의선 회장") == ["정의선"]
    assert found('~"Lee Jae-yong"', "뉴스 이재명 대표") == []


def test_a_vietnamese_final_nh_is_the_n_other_scripts_write() -> None:
    """Hà Tĩnh is Хатинь, ハティン and 하띤; Vinh is Винь."""
    for word in ("Хатинь", "ハティン", "하띤", "Ha Tinh"):
        assert found('~"Hà Tĩnh"', f"News: {word} said") == [word], word
    assert found("~Vinh", "News: Винь said") == ["Винь"]


def test_a_yeh_before_alef_is_the_i_of_a_foreign_name() -> None:
    """Arabic script writes the i before a vowel of a foreign name as a yeh, a consonant
    read alone: پزشکیان is Pezeshkian (and Пезешкиан, ペゼシュキアン), كولومبيا Colombia;
    in a name of four consonants or more so read (سياتل, Seattle, is no Slovak zatiaľ)."""
    assert found("~Pezeshkian", "News: پزشکیان said") == ["پزشکیان"]
    for word in ("Pezeshkian", "Пезешкиан", "ペゼシュキアン"):
        assert found("~پزشکیان", f"News: {word} said") == [word], word
    assert found("~Colombia", "News: كولومبيا said") == ["كولومبيا"]
    assert found("~سياتل", "Kollár verí, že zatiaľ nie") == []


def test_korean_writes_a_foreign_z_as_j() -> None:
    """Korean has no z: 젤렌스키 is Zelensky, 애리조나 Arizona, 아마존 Amazon, both ways."""
    for name, word in (("~젤렌스키", "Zelensky"), ("~애리조나", "Arizona"), ("~아마존", "Amazon"),
                       ("~Zelensky", "젤렌스키"), ("~Arizona", "애리조나")):
        assert found(name, f"News: {word} said") == [word], name


def test_a_korean_glide_w_is_no_v() -> None:
    """Kana and Korean write a foreign v as b (서배너 = Savannah, 폭스바겐 = Volkswagen);
    their own w is a w (과다르 = Gwadar), which Korean's voicing made p: 과다르 was
    "Capital"."""
    assert found("~과다르", "News: Capital said") == []
    assert found("~과다르", "News: Gwadar said") == ["Gwadar"]
    assert found("~Savannah", "News: 서배너 said") == ["서배너"]
    assert found("~폭스바겐", "News: Volkswagen said") == ["Volkswagen"]


def test_a_v_before_a_consonant_or_at_the_end_is_the_b_or_f_kana_and_korean_write() -> None:
    """Лавров is ラブロフ and 라브로프, Иванов イワノフ, Горбачёв ゴルバチョフ: kana and
    Korean write a v before a consonant b, and a final one f, as Russian says it."""
    for name, word in (("~Лавров", "ラブロフ"), ("~Lavrov", "라브로프"), ("~Иванов", "イワノフ"),
                       ("~Горбачёв", "ゴルバチョフ"), ("~Tokayev", "トカエフ"),
                       ("~Tokayev", "토카예프")):
        assert found(name, f"News: {word} said") == [word], name


def test_a_german_b_d_g_no_vowel_follows_is_the_p_t_k_kana_writes() -> None:
    """German says Magdeburg makdeburk and Gerhard gerhart, as kana writes them
    (マクデブルク, ゲルハルト); the name as spelled is read too (ヨハネスブルグ). English
    -land and Brasil's first b are no such sound: タレント (talent) is no Thailand,
    プレッシャー (pressure) no Brasil."""
    for name, word in (("~Magdeburg", "マクデブルク"), ("~Hamburg", "ハンブルク"),
                       ("~Gerhard", "ゲルハルト"), ("~Johannesburg", "ヨハネスブルグ"),
                       ("~Магдебург", "マクデブルク")):
        assert found(name, f"ニュース {word} 発表") == [word], name
    for name, word in (("~Thailand", "タレント"), ("~Brasil", "プレッシャー"),
                       ("~Poland", "プラント")):
        assert found(name, f"ニュース {word} 発表") == [], name


def test_russian_writes_a_greek_theta_as_f() -> None:
    """Левиафан is Leviathan, both ways, in a name of four consonants or more (Athènes
    so read would be the surname Афанасьев)."""
    assert found("~Leviathan", "газ с месторождения Левиафан") == ["Левиафан"]
    assert found("~Левиафан", "the Leviathan field") == ["Leviathan"]
    assert found("~Athènes", "сказал Афанасьев") == []


def test_the_romance_press_ends_a_german_burg_with_o() -> None:
    """Magdeburgo and Hamburgo are Magdeburg and Hamburg, both ways."""
    assert found("~Magdeburg", "la fábrica de Magdeburgo") == ["Magdeburgo"]
    assert found("~Magdeburgo", "in Magdeburg gebaut") == ["Magdeburg"]
    assert found("~Hamburg", "el puerto de Hamburgo") == ["Hamburgo"]


def test_a_french_ch_is_the_sh_cyrillic_writes() -> None:
    """Chevron is Шеврон and Chirac Ширак, both ways; Russian щ (shch) is no ch, so
    мощности (capacities) stays no Italian macchinista; kana and Korean are left out,
    whose short words so read would be Spanish and Italian names (くすり, Cauchari)."""
    assert found("~Chevron", "компания Шеврон заявила") == ["Шеврон"]
    assert found("~Шеврон", "Chevron said") == ["Chevron"]
    assert found("~Chirac", "президент Ширак") == ["Ширак"]
    assert found("~мощности", "il macchinista") == []
    assert found("~Cauchari", "ニュース くすり 発表") == []


def test_a_thai_loanword_is_read_as_the_english_it_comes_from() -> None:
    """แลนด์ บริดจ์ (land bridge) is ランドブリッジ and 랜드브리지, read as its English is;
    a Thai word the dictionary reads as Thai (a family name) gets no such reading."""
    assert found('~"แลนด์ บริดจ์"', "タイ南部 ランドブリッジ 構想") == ["ランドブリッジ"]
    assert found('~"แลนด์ บริดจ์"', "태국 남부 랜드브리지 사업") == ["랜드브리지"]
    assert thai.loanword("บริดจ์") and not thai.loanword("ขวัญเชื้อ")


def test_bengali_writes_w_as_o_and_ya_and_its_anusvara_is_ng() -> None:
    """ওয়াশিংটন is Washington, তাইওয়ান Taiwan and মাওয়া Mawa; বাংলাদেশ is Bangladesh
    and বেইজিং Beijing (anyascii writes the anusvara m)."""
    assert romanise("মাওয়া") == "mawa" and romanise("বাংলা") == "bangla"
    assert found("~Washington", "ওয়াশিংটন থেকে") == ["ওয়াশিংটন"]
    assert found("~Beijing", "বেইজিং থেকে") == ["বেইজিং"]
    assert found("~বাংলাদেশ", "Bangladesh said") == ["Bangladesh"]
    assert found("~মাওয়া", "the Mawa ferry") == ["Mawa"]


def test_a_korean_quoting_particle_comes_off_the_word_it_may_follow() -> None:
    """테슬라라는 ("called Tesla") is 테슬라 with 라는, which follows a vowel; 테슬라는 is
    테슬라 with 는, not 테슬 with 라는 (슬 ends in a consonant); 삼성이라는 is 삼성."""
    from monitor.rulebook.derive.korean import hangul_particle

    assert hangul_particle("테슬라라는") == "라는" and hangul_particle("테슬라는") == "는"
    assert hangul_particle("삼성이라는") == "이라는"
    assert not particle_fits("테슬라는", "라는")
    assert found("~테슬라", "테슬라라는 회사") == ["테슬라라는"]


def test_a_name_written_as_one_latin_word_keeps_its_consonants_exactly() -> None:
    """Gas Project is Gasprojekt, written as one word; but with one consonant other, two
    words' worth make another word: RAOS Project is no Gasprojekt. Kana, which writes a
    name's words as one, may lose one (ジャカルタ・バンドン, bandon, is Jakarta-Bandung)."""
    assert found('~"Gas Project"', "das Gasprojekt") == ["Gasprojekt"]
    assert found('~"RAOS Project"', "das Gasprojekt") == []
    assert found('~"Jakarta-Bandung"', "ジャカルタ・バンドン間の") == ["ジャカルタ・バンドン"]
    assert found('~"Land Bridge"', "タイ ランドブリッジ 構想") == ["ランドブリッジ"]


def test_an_abjad_w_between_a_y_and_a_last_y_is_a_consonant() -> None:
    """ہیوی is heavy: its و between the ی that writes ē and the last ی, which writes i, is
    a v. كيوتو is still Kyoto (y before the و that writes o) and ميتسوي still Mitsui (the
    و after a consonant writes u)."""
    assert found('~"Heavy Industries Taxila"', "ہیوی انڈسٹریز ٹیکسلا نے") == [
        "ہیوی انڈسٹریز ٹیکسلا"]
    assert found("~Levi", "قال ليوي") == ["ليوي"]
    assert found("~Kyoto", "في كيوتو") == ["كيوتو"]
    assert found("~Mitsui", "شركة ميتسوي") == ["ميتسوي"]


def test_a_hebrew_name_is_read_as_russian_and_arabic_write_its_theta_and_v() -> None:
    """לוויתן is Leviathan: Russian writes its theta (ת) ф, Левиафан, and Arabic its v
    (וו) ف, ليفياثان, whose yeh before an alef writes the vowel i; each way round. A
    Hebrew name of three consonants is not read so (שבת is no Шеф)."""
    assert found("~לוויתן", "месторождение Левиафан") == ["Левиафан"]
    assert found("~לוויתן", "حقل ليفياثان") == ["ليفياثان"]
    assert found("~Левиафан", "מאגר לוויתן") == ["לוויתן"]
    assert found("~ليفياثان", "מאגר לוויתן") == ["לוויתן"]
    assert found("~שבת", "шеф сказал") == []
