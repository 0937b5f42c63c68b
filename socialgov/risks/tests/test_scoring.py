"""Score and level arithmetic of the matrices, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgov.risks.scoring import (
    AMBER,
    GREEN,
    RED,
    Band,
    MatrixSpec,
    ScoreError,
    kri_state,
    rescale,
    suggested_likelihood,
)

BANDS = [Band("low", 1, "#2e7d32"), Band("medium", 2, "#f2b705"), Band("high", 3, "#c62828")]
SPEC_3 = MatrixSpec.build(
    3,
    [["low", "low", "medium"], ["low", "medium", "high"], ["medium", "high", "high"]],
    BANDS,
)


def test_the_score_is_likelihood_times_impact() -> None:
    assert SPEC_3.score(2, 3) == 6
    assert SPEC_3.score(3, 3) == 9


def test_the_level_is_read_from_the_grid_cell() -> None:
    assert SPEC_3.band(1, 1).key == "low"
    assert SPEC_3.band(1, 3).key == "medium"
    assert SPEC_3.band(3, 2).key == "high"


@pytest.mark.parametrize("likelihood,impact", [(0, 1), (4, 1), (1, 4), (-1, 2)])
def test_it_refuses_scores_outside_the_matrix(likelihood: int, impact: int) -> None:
    with pytest.raises(ScoreError, match="outside the matrix"):
        SPEC_3.score(likelihood, impact)


def test_it_refuses_a_grid_of_the_wrong_shape_or_with_undefined_levels() -> None:
    with pytest.raises(ScoreError, match="3 rows"):
        MatrixSpec.build(3, [["low"] * 3] * 2, BANDS)
    with pytest.raises(ScoreError, match="not defined"):
        MatrixSpec.build(2, [["low", "extreme"], ["low", "low"]], BANDS)


@given(st.integers(1, 5), st.integers(2, 10))
def test_rescaling_stays_on_the_target_scale_and_keeps_the_ends(value: int, size: int) -> None:
    scaled = rescale(value, 5, size)
    assert 1 <= scaled <= size
    if value == 1:
        assert scaled == 1
    if value == 5:
        assert scaled == size


def test_rescaling_keeps_order() -> None:
    assert [rescale(v, 5, 3) for v in range(1, 6)] == sorted(rescale(v, 5, 3) for v in range(1, 6))


def test_kri_states_reach_thresholds_inclusively_when_higher_is_worse() -> None:
    assert kri_state(1, amber=2, red=5) == GREEN
    assert kri_state(2, amber=2, red=5) == AMBER
    assert kri_state(5, amber=2, red=5) == RED


def test_kri_states_when_lower_is_worse() -> None:
    assert kri_state(90, amber=80, red=60, higher_is_worse=False) == GREEN
    assert kri_state(80, amber=80, red=60, higher_is_worse=False) == AMBER
    assert kri_state(10, amber=80, red=60, higher_is_worse=False) == RED


def test_a_kri_value_must_be_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        kri_state(float("nan"), amber=1, red=2)


def test_red_suggests_one_step_more_likely_but_never_beyond_the_matrix() -> None:
    assert suggested_likelihood(2, 5, RED) == 3
    assert suggested_likelihood(5, 5, RED) == 5
    assert suggested_likelihood(2, 5, AMBER) == 2
