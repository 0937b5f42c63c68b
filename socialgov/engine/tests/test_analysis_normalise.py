from socialgov.engine.analyzers.normalise import (
    MatchView,
    fold_accents,
    lexicon_tokens,
    normalise_for_model,
)


def test_urls_and_mentions_become_placeholders():
    text = normalise_for_model("@Proximus see https://t.co/abc and www.example.com/x")
    assert "@user" in text
    assert "t.co" not in text
    assert text.count("httpurl") == 2


def test_elongations_are_shortened():
    assert normalise_for_model("sooooo goooood!!!!!") == "soo good!!"


def test_zero_width_and_lookalike_letters_do_not_hide_a_word():
    # Cyrillic "і" and "о", a zero-width space inside.
    assert lexicon_tokens(normalise_for_model("іd\u200bіоt")) == ["idiot"]


def test_fullwidth_and_mathematical_letters_are_read_as_plain_letters():
    assert normalise_for_model("Ｓｔｕｐｉｄ 𝐢𝐝𝐢𝐨𝐭") == "stupid idiot"


def test_leetspeak_inside_words_is_undone_but_numbers_stay_numbers():
    assert lexicon_tokens("1d10t paid 100 euro") == ["idiot", "paid", "100", "euro"]


def test_spaced_out_letters_and_words_run_together_are_separated_again():
    assert lexicon_tokens(normalise_for_model("F i c k alle")) == ["fick", "alle"]
    assert lexicon_tokens(normalise_for_model("dieseNutte")) == ["diese", "nutte"]


def test_accents_fold_to_the_same_length():
    assert fold_accents("café ïñ Ærø") == "cafe in Ærø"
    assert len(fold_accents("àéîõü")) == 5


def test_match_view_maps_folded_offsets_back_to_the_original_text():
    original = "mail: j\u200bos\u00e9@exa\u200bmple.be now"
    view = MatchView(original)
    assert "\u200b" not in view.text
    start = view.text.index("jose@")
    end = view.text.index(" now")
    s, e = view.span(start, end)
    assert original[s:e] == "j\u200bos\u00e9@exa\u200bmple.be"
