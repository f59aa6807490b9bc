from warehouse.harmonise.text import normalise, slug


def test_normalise_removes_case_accents_and_punctuation():
    assert normalise("Břeclav") == "breclav"
    assert normalise("Halle (Saale) Hbf") == "halle saale hbf"
    assert normalise("  Bruxelles-Midi / Brussel-Zuid ") == "bruxelles midi brussel zuid"


def test_normalise_handles_letters_without_decomposition():
    assert normalise("Łódź Widzew") == "lodz widzew"
    assert normalise("Straße") == "strasse"
    assert normalise("Ørestad") == "orestad"


def test_slug_joins_words_with_dashes():
    assert slug("Wien Hbf") == "wien-hbf"
