"""Personal data: e-mail addresses, phone numbers, IBANs, payment cards, Belgian national
register numbers, IP addresses and, where confidence is high, person names.

Entity names follow Microsoft Presidio's (`EMAIL_ADDRESS`, `PHONE_NUMBER`, `IBAN_CODE`,
`CREDIT_CARD`, `IP_ADDRESS`, `PERSON`) plus `BE_NATIONAL_NUMBER`. Every candidate is validated
(checksums, issuer prefixes, the `phonenumbers` library), so a number that merely looks like one
is not reported. The reason never repeats the value.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar

import phonenumbers

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..normalise import SpanMapper, identity_span
from ..registry import Batch, register

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}"
    r"(?:[ -]?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])"
)
CARD_RE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])")
# Shapes that are dates, times or US social security numbers, not phone numbers.
NOT_PHONE_RE = re.compile(r"\d{4}-\d{2}-\d{2}.*|\d{3}-\d{2}-\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
# North American numbers are written without a trunk prefix: (555) 123-4567, 555.123.4567.
NANP_RE = re.compile(
    r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?|#)\s?\d{1,5})?"
)
BE_NATIONAL_RE = re.compile(r"(?<![\d.-])\d{2}[ .]?\d{2}[ .]?\d{2}[ .-]?\d{3}[ .-]?\d{2}(?![\d-])")
IPV4_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+|00)?\(?\d[\d\s().\-/]{5,20}\d(?:\s?(?:x|ext\.?|#)\s?\d{1,5})?(?![\w])"
)
PERSON_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Mevr|Mevrouw|Meneer|Dhr|Monsieur|Madame|Mme|Herr|Frau)\.?\s+"
    r"((?:[A-Z][a-zà-öø-ÿ'’-]+)(?:\s+(?:van|de|der|den|le|la|du|von)?\s*[A-Z][a-zà-öø-ÿ'’-]+){0,2})"
    r"|\b(?:my name is|mijn naam is|ik heet|je m'appelle|je m’appelle|mein Name ist|ich heiße)\s+"
    r"([A-Z][a-zà-öø-ÿ'’-]+(?:\s+[A-Z][a-zà-öø-ÿ'’-]+){1,2})",
)

# Literal pieces one of PERSON_RE's titles or introductions needs (case as written); a test
# checks them.
PERSON_NEEDLES = (
    "Mr", "Ms", "Dr", "Prof", "Mevr", "Meneer", "Dhr", "Monsieur", "Madame", "Mme", "Herr",
    "Frau", "my name is", "mijn naam is", "ik heet", "je m", "mein Name ist", "ich hei",
)  # fmt: skip

# Lengths of IBANs by country (ISO 13616 registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30,
    "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip

_DIGIT_RE = re.compile(r"\d")
# Words that announce a phone number; with one of them just before it, a number written in a
# national format without its trunk prefix ("Phone: 467 3395") is still a phone number.
PHONE_CONTEXT_RE = re.compile(
    r"(?i)(?:phone|tel|telephone|téléphone|telefoon|telefon|mobile|mobiel|portable|handy|cell|gsm|"
    r"fax|desk|whatsapp|sms|call|bel|appel|appelez|anruf|answering at|reach me at)"
    r"\b[^\d\n]{0,25}$"
)
DEFAULT_PHONE_REGIONS = ("BE", "NL", "FR", "DE", "LU", "GB", "US")


def iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").replace("-", "").upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_issuer(digits: str) -> str | None:
    n = len(digits)
    two, four, six = int(digits[:2]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "Visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "Mastercard"
    if two in (34, 37) and n == 15:
        return "American Express"
    if (
        four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649 or 622126 <= six <= 622925
    ) and n in (16, 19):
        return "Discover"
    if (300 <= int(digits[:3]) <= 305 or two in (36, 38, 39) or four == 3095) and n in (14, 16):
        return "Diners Club"
    if (two == 35 and n in (16, 19)) or (four in (1800, 2131) and n == 15):
        return "JCB"
    if two == 62 and 16 <= n <= 19:
        return "UnionPay"
    if (two == 50 or 56 <= two <= 69) and 12 <= n <= 19:
        return "Maestro"
    return None


def be_national_number_valid(digits: str) -> bool:
    """Belgian national register number: YYMMDD-SSS-CC, checksum mod 97 with the century rule
    (born from 2000 on, the number is prefixed with a 2 before the checksum)."""
    if len(digits) != 11:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    # BIS numbers add 20 or 40 to the month; unknown birth dates use 00.
    if not (month <= 12 or 20 <= month <= 32 or 40 <= month <= 52) or day > 31:
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return 97 - base % 97 == check or 97 - int("2" + digits[:9]) % 97 == check


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


@register(order=40)
class PersonalDataAnalyzer:
    slug: ClassVar[str] = "personal_data"

    def __init__(
        self,
        phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS,
        persons: bool = True,
        max_chars: int = 100_000,
    ) -> None:
        self.phone_regions = tuple(phone_regions)
        self.persons = persons
        self.max_chars = max_chars

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        return [list(self.find(view.text, view.span)) for view in batch.match_views]

    def find(self, text: str, to_original: SpanMapper = identity_span) -> Iterator[Finding]:
        text = text[: self.max_chars]
        taken: list[tuple[int, int]] = []

        def emit(kind: str, start: int, end: int, score: float, reason: str) -> Finding:
            taken.append((start, end))
            s, e = to_original(start, end)
            # A reason with parameters or variants comes keyed; the others are keyed by kind.
            keyed = reason if isinstance(reason, Reason) else Reason(_key(kind), reason)
            return Finding(self.slug, kind, score, s, e, keyed)

        if "@" in text:
            for m in EMAIL_RE.finditer(text):
                yield emit("EMAIL_ADDRESS", m.start(), m.end(), 0.95, "e-mail address")
        if not _DIGIT_RE.search(text):
            if self.persons:
                yield from self._persons(text, taken, emit)
            return
        for m in IBAN_RE.finditer(text):
            value = m.group(0).rstrip(" -")
            # A trailing group may belong to the next word; try shorter forms too.
            for end in range(len(value), 14, -1):
                if iban_valid(value[:end]):
                    yield emit(
                        "IBAN_CODE",
                        m.start(),
                        m.start() + len(value[:end].rstrip(" -")),
                        0.95,
                        "bank account number (IBAN, checksum valid)",
                    )
                    break
        for m in BE_NATIONAL_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if not _overlaps((m.start(), m.end()), taken) and be_national_number_valid(digits):
                yield emit(
                    "BE_NATIONAL_NUMBER",
                    m.start(),
                    m.end(),
                    0.9,
                    "Belgian national register number (checksum valid)",
                )
        for m in CARD_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if _overlaps((m.start(), m.end()), taken) or not luhn_valid(digits):
                continue
            issuer = card_issuer(digits)
            if issuer:
                yield emit(
                    "CREDIT_CARD",
                    m.start(),
                    m.end(),
                    0.95,
                    Reason(
                        "personal_data.credit_card",
                        f"payment card number ({issuer}, Luhn valid)",
                        issuer=issuer,
                    ),
                )
        for m in IPV4_RE.finditer(text):
            if not _overlaps((m.start(), m.end()), taken) and _ip_valid(m.group(0)):
                yield emit("IP_ADDRESS", m.start(), m.end(), 0.9, _IPV4)
        if ":" in text:
            for m in IPV6_RE.finditer(text):
                if (
                    m.group(0).count(":") >= 2
                    and _ip_valid(m.group(0))
                    and any(c.isalnum() for c in m.group(0))
                ):
                    yield emit("IP_ADDRESS", m.start(), m.end(), 0.9, _IPV6)
        for m in PHONE_RE.finditer(text):
            span = (m.start(), m.end())
            if _overlaps(span, taken):
                continue
            score = self._phone_score(m.group(0))
            if not score and PHONE_CONTEXT_RE.search(text, max(0, m.start() - 40), m.start()):
                score = self._phone_in_context_score(m.group(0))
            if score:
                yield emit("PHONE_NUMBER", m.start(), m.end(), score, "phone number")
        if self.persons:
            yield from self._persons(text, taken, emit)

    def _phone_score(self, candidate: str) -> float:
        """0.9 for a number valid in its country, 0.7 for one that is only possible but written
        the way phone numbers are written, else 0."""
        candidate = candidate.strip()
        digits = sum(c.isdigit() for c in candidate)
        if digits < 8 or digits > 15 or NOT_PHONE_RE.fullmatch(candidate):
            return 0.0
        if candidate.startswith("00"):
            candidate = "+" + candidate[2:]
        if candidate.startswith("+"):
            parsed = _parse(candidate, None)
            if parsed is None:
                return 0.0
            if _is_service_number(parsed):
                return 0.0
            return (
                0.9
                if phonenumbers.is_valid_number(parsed)
                else 0.7
                if phonenumbers.is_possible_number(parsed)
                else 0.0
            )
        nanp = NANP_RE.fullmatch(candidate) is not None
        # Outside North America a national number starts with its trunk prefix 0.
        if not (candidate.lstrip("(").startswith("0") or nanp):
            return 0.0
        for region in self.phone_regions:
            if region in ("US", "CA") and not nanp:
                continue
            parsed = _parse(candidate, region)
            if parsed is not None and phonenumbers.is_valid_number(parsed):
                return 0.0 if _is_service_number(parsed) else 0.9
        return 0.7 if nanp else 0.0

    def _phone_in_context_score(self, candidate: str) -> float:
        digits = sum(c.isdigit() for c in candidate)
        if not 7 <= digits <= 15 or NOT_PHONE_RE.fullmatch(candidate.strip()):
            return 0.0
        return 0.75

    def _persons(
        self,
        text: str,
        taken: list[tuple[int, int]],
        emit: Callable[[str, int, int, float, str], Finding],
    ) -> Iterator[Finding]:
        if not any(needle in text for needle in PERSON_NEEDLES):
            return
        for m in PERSON_RE.finditer(text):
            group = 1 if m.group(1) else 2
            if not _overlaps(m.span(group), taken):
                yield emit(
                    "PERSON",
                    m.start(group),
                    m.end(group),
                    0.7,
                    "person name after a title or introduction",
                )


_IPV4 = Reason("personal_data.ipv4_address", "IPv4 address")
_IPV6 = Reason("personal_data.ipv6_address", "IPv6 address")


def _key(kind: str) -> str:
    return f"personal_data.{kind.lower()}"


def _parse(candidate: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None


def _ip_valid(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


# Free-phone, shared-cost and premium numbers belong to organisations (a hotline in a service
# post), not to a person, so they are not personal data.
_SERVICE_NUMBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)


def _is_service_number(parsed: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.number_type(parsed) in _SERVICE_NUMBER_TYPES
