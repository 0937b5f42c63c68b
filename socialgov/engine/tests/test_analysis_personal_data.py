import pytest

from socialgov.engine.analyzers.builtin.personal_data import (
    be_national_number_valid,
    iban_valid,
    luhn_valid,
)
from socialgov.engine.analyzers.evaluation import personal_data_scores
from socialgov.engine.analyzers.training import datasets as ds

from .analysis_helpers import covered, findings_for, kinds


def be_number(birth: str, serial: str, born_after_1999: bool) -> str:
    """A Belgian national register number with its check digits, computed from the rule."""
    base = birth + serial
    check = 97 - int(("2" if born_after_1999 else "") + base) % 97
    return f"{base}{check:02d}"


def pii(text: str) -> list:
    return findings_for(text, "personal_data")


def test_it_finds_an_email_address_and_its_exact_span():
    text = "Stuur het naar jan.peeters+socials@example.be aub"
    [found] = pii(text)
    assert found.kind == "EMAIL_ADDRESS"
    assert covered(text, found) == "jan.peeters+socials@example.be"


@pytest.mark.parametrize(
    "number",
    [
        "+32 470 12 34 56",
        "0470/12.34.56",
        "06 12345678",
        "+31 6 12345678",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "(650) 253-0000",
        "+44 20 7031 3000",
        "0032 2 501 11 11",
    ],
)
def test_it_finds_phone_numbers_in_common_international_formats(number):
    text = f"Bel me op {number} morgen"
    found = pii(text)
    assert kinds(found) == ["PHONE_NUMBER"]
    assert covered(text, found[0]) == number


@pytest.mark.parametrize(
    "text",
    [
        "Score was 2023-04-13 12:20",
        "Order 12345678 shipped",
        "SSN-like 853-37-1694",
        "Born 12/04/1985",
    ],
)
def test_dates_order_numbers_and_ssn_shapes_are_not_phone_numbers(text):
    assert "PHONE_NUMBER" not in kinds(pii(text))


def test_an_iban_split_over_groups_is_found_whole():
    text = "IBAN: BE71 0961 2345 6769 (KBC)"
    [found] = pii(text)
    assert found.kind == "IBAN_CODE"
    assert covered(text, found) == "BE71 0961 2345 6769"


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "FR14 2004 1010 0505 0001 3M02 606",
        "DE89 3704 0044 0532 0130 00",
        "gb82west12345698765432",
    ],
)
def test_valid_ibans_of_several_countries_pass_the_checksum(iban):
    assert iban_valid(iban)
    assert "IBAN_CODE" in kinds(pii(f"rekening {iban}"))


def test_an_iban_with_a_wrong_checksum_is_not_reported():
    assert not iban_valid("BE72 0961 2345 6769")
    assert "IBAN_CODE" not in kinds(pii("rekening BE72 0961 2345 6769"))


@pytest.mark.parametrize(
    "card", ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117"]
)
def test_payment_cards_with_a_valid_luhn_and_issuer_are_found(card):
    text = f"my card {card} exp 12/27"
    found = [f for f in pii(text) if f.kind == "CREDIT_CARD"]
    assert [covered(text, f) for f in found] == [card]


def test_a_card_number_that_fails_luhn_is_not_reported():
    assert not luhn_valid("4111111111111112")
    assert "CREDIT_CARD" not in kinds(pii("card 4111 1111 1111 1112"))


def test_a_belgian_national_number_with_spaces_is_found():
    digits = be_number("850730", "033", born_after_1999=False)
    written = f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:9]} {digits[9:]}"
    text = f"Mijn rijksregisternummer is {written}."
    found = [f for f in pii(text) if f.kind == "BE_NATIONAL_NUMBER"]
    assert [covered(text, f) for f in found] == [written]


def test_a_belgian_national_number_of_someone_born_after_1999_uses_the_second_rule():
    digits = be_number("050312", "146", born_after_1999=True)
    assert be_national_number_valid(digits)
    written = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:]}"
    assert "BE_NATIONAL_NUMBER" in kinds(pii(f"numéro national {written}"))


def test_a_belgian_national_number_with_wrong_check_digits_is_not_reported():
    digits = be_number("850730", "033", born_after_1999=False)
    wrong = digits[:9] + f"{(int(digits[9:]) + 1) % 97:02d}"
    assert not be_national_number_valid(wrong)


@pytest.mark.parametrize("address", ["192.168.10.254", "2001:db8::8a2e:370:7334", "::1"])
def test_ip_addresses_are_found(address):
    text = f"login from {address} blocked"
    found = [f for f in pii(text) if f.kind == "IP_ADDRESS"]
    assert [covered(text, f) for f in found] == [address]


def test_an_impossible_ip_address_or_a_version_number_is_not_reported():
    assert "IP_ADDRESS" not in kinds(pii("address 999.12.1.1 and version 1.2.3"))


def test_person_names_are_found_only_after_a_title_or_introduction():
    text = "Bedankt aan Mevrouw Sarah Janssens! Ook Sarah was blij."
    found = [f for f in pii(text) if f.kind == "PERSON"]
    assert [covered(text, f) for f in found] == ["Sarah Janssens"]


def test_persons_can_be_switched_off():
    assert findings_for("My name is John Smith", "personal_data", persons=False) == []


def test_the_reason_never_repeats_the_value():
    text = "IBAN BE71 0961 2345 6769, mail a.b@example.org"
    for finding in pii(text):
        assert covered(text, finding) not in finding.reason


@pytest.mark.parametrize(
    "text", ["Phone: 467 3395", "Mobile: 723 813 266", "bel me op 78 651 450", "Tél : 45 12 33 98"]
)
def test_a_number_announced_as_a_phone_is_found_without_its_trunk_prefix(text):
    assert kinds(pii(text)) == ["PHONE_NUMBER"]


def test_a_licence_or_order_number_is_not_taken_for_a_phone():
    assert pii("My driver's license number is 6940579, order 123 4567") == []


def test_structured_personal_data_reaches_precision_and_recall_of_095_on_the_held_out_half():
    try:
        rows = ds.presidio_synthetic(ds.DEFAULT_DATA_DIR)
    except ds.DatasetMissing:
        pytest.skip("presidio-synthetic-pii is not in the development data folder")
    held_out = [e for e in rows if not ds.in_tuning_half(e.text)]
    precision, recall, _ = personal_data_scores(held_out)
    assert precision >= 0.95
    assert recall >= 0.95
