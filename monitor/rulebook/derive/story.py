"""What derive proposes and what it knows of the story around it: a candidate name
(its forms, rank and the context it needs) and the story (its countries, words, core)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    """A proposed watch term with its variants, score and the reason for it."""

    term: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    rarity: float = 0.0
    score: float = 0.0
    sentence: str = ""
    ambiguous: bool = False
    context: list[str] = field(default_factory=list)
    why: str = ""
    core: bool = False
    seeds: int = 1
    lead: bool = False
    partners: list[str] = field(default_factory=list)
    # the other names the seed writes right beside it wherever it names it (подокруге
    # Ишварди округа Пабна, a subdistrict and its district): one place or party with it
    beside: list[str] = field(default_factory=list)
    # forms that name other things too (a surname the seed never uses alone, an acronym,
    # a short model code): in a rule, only near the story's context
    guarded: list[str] = field(default_factory=list)
    tight: bool = False  # its context leaves the story's countries out
    office: bool = False  # introduced by a public office (president, minister, general)
    head: bool = False  # introduced as a head of state or government (president, premier)
    chief_of: str = ""  # the organisation a title before it heads (presidente da Boeing)
    chief: bool = False  # introduced as the chief of another of the story's names
    subject: bool = False  # a public figure the story is about (core, with context)
    partner_kinds: list[str] = field(default_factory=list)  # kinds of the names beside it
    # a fairly common word the headline repeats (a town, a brand: چابهار): beside one of
    # the story's countries abroad (not the seed language's own), it is the story
    abroad: bool = False
    # where each form the seed does not write came from (瓜达尔: CC-CEDICT), for the
    # listing, --json and the rule's notes
    origins: dict[str, str] = field(default_factory=dict)
    # the countries the seed gives it as its own ("the Chinese group Tsingshan", "asal
    # China, Tsingshan"): said beside it in every story of it, so no context for it
    homes: list[str] = field(default_factory=list)
    # the provinces or states (ISO 3166-2) the seed places it in, in brackets after it
    # ("Vũng Áng (thị xã Kỳ Anh, tỉnh Hà Tĩnh)"): beside it in every story of it too
    home_regions: list[str] = field(default_factory=list)
    # two towns joined by a dash, a line or road between them (Budapest–Belgrád): no
    # place, though each of its towns is one
    route: bool = False
    # its forms its home press writes so often that the word list knows them, which no
    # other language's list knows (கூடங்குளம், Kudankulam): beside the story at home, but
    # written in another script only this name (see write: abroad:)
    at_home: list[str] = field(default_factory=list)

    def forms(self) -> list[str]:
        return [self.term, *self.aliases]

    def sources(self) -> list[tuple[list[str], str]]:
        """The forms the seed does not write, grouped by where they came from (Novi
        Sad, Нови Сад: GeoNames), in the order they were added."""
        grouped: dict[str, list[str]] = {}
        for form, where in self.origins.items():
            grouped.setdefault(where, []).append(form)
        return [(forms, where) for where, forms in grouped.items()]

    def absorb(self, other: Candidate) -> None:
        """Take in another candidate of the same name: its forms become this one's, and so
        does the office the seed gave it by another form (ο υπουργός … Κώστας Σκρέκας,
        then κ. Σκρέκα)."""
        self.aliases = [a for a in dict.fromkeys([*self.aliases, *other.forms()])
                        if a != self.term]
        self.office = self.office or other.office
        self.head = self.head or other.head
        self.chief_of = self.chief_of or other.chief_of

    def rename(self, term: str) -> None:
        """Lead with another form of the name; the old term stays one of its forms."""
        self.aliases = [a for a in dict.fromkeys([self.term, *self.aliases]) if a != term]
        self.term = term


@dataclass
class Story:
    """What the seeds say around the names: their main countries and their own words."""

    lang: str
    countries: list[str]
    terms: list[str]
    core: list[Candidate]
    regions: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # its own figures: 74 (years), 475
    pair: bool = False  # its two countries are named together in the headline or lead
    places: list[str] = field(default_factory=list)  # its capitals, as the press writes them
    home_places: list[str] = field(default_factory=list)  # those of the seed's own country
    place_countries: dict[str, str] = field(default_factory=dict)  # each place's country
    # its companies are foreign to the seed's country (Westinghouse and Bechtel in a Polish
    # seed), none its own (not Embraer in a Portuguese one): the press abroad names that
    # country beside the story's models and acronyms too (AP1000 in Poland, Poland's PEJ)
    abroad: bool = False
    # the language the seed is written in when derive reads it through another's word
    # list (et, read through fi): its case endings are this language's
    grammar: str = ""
    # seeds in several languages: each, the one with the most text first (lang), whose
    # seeds derive read apart with their own word lists
    languages: list[str] = field(default_factory=list)
    seed_languages: list[str] = field(default_factory=list)  # then each seed's, in order
    unread: list[str] = field(default_factory=list)  # why a language's seeds gave nothing
