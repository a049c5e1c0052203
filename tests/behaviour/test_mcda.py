import numpy as np
import pytest

from izagis.mcda import (
    AHPResult,
    Criterion,
    MCDAError,
    ahp_weights,
    normalize_weights,
    topsis,
    weight_sensitivity,
    weighted_sum,
)

METHODS = {"weighted_sum": weighted_sum, "topsis": topsis}

# Hwang, C.-L. & Yoon, K. (1981), Multiple Attribute Decision Making: Methods and Applications,
# Springer LNEMS 186, fighter-aircraft example. Attributes: max speed (Mach), ferry range (NM),
# max payload (lb), acquisition cost ($1e6, cost), reliability, manoeuvrability (interval
# scale), weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). Published closeness C* = 0.643, 0.268, 0.613,
# 0.312 (A1 > A3 > A4 > A2). The book carries rounded intermediate values; exact arithmetic
# gives 0.6433, 0.2684, 0.6135, 0.3123, hence the 1e-3 tolerance.
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_DIRECTIONS = ["benefit", "benefit", "benefit", "cost", "benefit", "benefit"]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]

# The widely reproduced "mobile phone" TOPSIS example (GeeksforGeeks, "TOPSIS method for
# Multiple-Criteria Decision Making"; rerun with full output in github.com/mycr0ft/
# MultiComponentDecisionTheory, "TOPSIS Analysis.ipynb"): price (cost), storage (GB),
# camera (MP), looks; equal weights. Performance scores 0.534277, 0.308368, 0.691632,
# 0.534737, 0.401046.
PHONES = [
    [250, 16, 12, 5],
    [200, 16, 8, 3],
    [300, 32, 16, 4],
    [275, 32, 8, 4],
    [225, 16, 16, 2],
]
PHONE_DIRECTIONS = ["cost", "benefit", "benefit", "benefit"]

# Saaty, T. L. (1990), "How to make a decision: The Analytic Hierarchy Process", European
# Journal of Operational Research 48, 9-26: the house-buying example.
# Criteria: size, transportation, neighbourhood, age, yard, modern facilities, general
# condition, financing. Published: priorities .173 .054 .188 .018 .031 .036 .167 .333,
# lambda_max = 9.669, C.I. = 0.238, C.R. = 0.169 (above Saaty's 0.1 threshold).
SAATY_HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
# Same paper, houses A, B, C compared on yard space: priorities .674 .101 .226,
# lambda_max = 3.086, C.I. = 0.043, C.R. = 0.074.
SAATY_YARD = [
    [1, 5, 4],
    [1 / 5, 1, 1 / 3],
    [1 / 4, 3, 1],
]


def rescaled(weights, j, t):
    """w_j -> w_j * (1 + t), the other weights rescaled proportionally to keep the sum 1."""
    w = normalize_weights(weights)
    s = min(max(w[j] * (1 + t), 0.0), 1.0)
    out = w * (1 - s) / (1 - w[j])
    out[j] = s
    return out


def leader(method, values, directions, weights):
    return int(np.argmax(METHODS[method](values, directions, weights).scores))


# --- TOPSIS -------------------------------------------------------------------------------


def test_topsis_hwang_yoon_fighter_aircraft():
    ranking = topsis(AIRCRAFT, AIRCRAFT_DIRECTIONS, AIRCRAFT_WEIGHTS)
    np.testing.assert_allclose(ranking.scores, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    assert list(np.argsort(-ranking.scores)) == [0, 2, 3, 1]


def test_topsis_mobile_phone_example():
    ranking = topsis(PHONES, PHONE_DIRECTIONS, [0.25] * 4)
    np.testing.assert_allclose(
        ranking.scores, [0.534277, 0.308368, 0.691632, 0.534737, 0.401046], atol=5e-7
    )
    # normalized is the plain vector-normalised matrix (notebook cell 5 divides by 4 as well).
    np.testing.assert_allclose(
        ranking.normalized[:, 0] / 4,
        [0.1107019, 0.0885615, 0.1328422, 0.1217720, 0.0996317],
        atol=1e-7,
    )


def test_topsis_contributions_split_the_closeness():
    ranking = topsis(AIRCRAFT, AIRCRAFT_DIRECTIONS, AIRCRAFT_WEIGHTS)
    assert ranking.contributions.shape == (4, 6)
    assert (ranking.contributions >= 0).all()
    np.testing.assert_allclose(ranking.contributions.sum(axis=1), ranking.scores, rtol=1e-12)
    np.testing.assert_allclose(ranking.weights.sum(), 1.0)


def test_topsis_all_equal_alternatives_are_all_ideal():
    ranking = topsis([[3.0, 7.0]] * 4, ["benefit", "cost"], [1, 2])
    np.testing.assert_array_equal(ranking.scores, np.ones(4))
    np.testing.assert_allclose(ranking.contributions, np.tile([1 / 3, 2 / 3], (4, 1)))


def test_topsis_worst_alternative_scores_zero():
    ranking = topsis([[1.0, 9.0], [2.0, 5.0], [3.0, 1.0]], ["benefit", "cost"], [1, 1])
    assert ranking.scores[0] == 0.0
    assert ranking.scores[2] == 1.0
    np.testing.assert_array_equal(ranking.contributions[0], [0.0, 0.0])


# --- AHP ----------------------------------------------------------------------------------


def test_ahp_saaty_1990_yard_space():
    result = ahp_weights(np.array(SAATY_YARD))
    assert isinstance(result, AHPResult)
    np.testing.assert_allclose(result.weights, [0.674, 0.101, 0.226], atol=5e-4)
    assert result.lambda_max == pytest.approx(3.086, abs=5e-4)
    assert result.ci == pytest.approx(0.043, abs=5e-4)
    assert result.cr == pytest.approx(0.074, abs=5e-4)


def test_ahp_saaty_1990_house_criteria_published_values():
    result = ahp_weights(np.array(SAATY_HOUSE_CRITERIA), max_cr=0.2)
    np.testing.assert_allclose(
        result.weights, [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], atol=5e-4
    )
    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.ci == pytest.approx(0.238, abs=5e-4)
    assert result.cr == pytest.approx(0.169, abs=5e-4)


def test_ahp_inconsistent_matrix_is_refused_with_its_cr():
    with pytest.raises(MCDAError, match=r"CR = 0\.169.*revise the judgements"):
        ahp_weights(np.array(SAATY_HOUSE_CRITERIA))


def test_ahp_consistent_matrix_recovers_the_ratios():
    w = np.array([0.5, 0.25, 0.125, 0.125])
    result = ahp_weights(w[:, None] / w[None, :])
    np.testing.assert_allclose(result.weights, w, atol=1e-12)
    assert result.lambda_max == pytest.approx(4.0)
    assert result.cr == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [1, 2])
def test_ahp_small_matrices_are_always_consistent(n):
    matrix = np.array([[1.0]]) if n == 1 else np.array([[1.0, 7.0], [1 / 7, 1.0]])
    result = ahp_weights(matrix)
    assert result.cr == 0.0
    assert result.weights.sum() == pytest.approx(1.0)


def test_ahp_non_reciprocal_matrix_is_refused():
    matrix = np.array(SAATY_YARD)
    matrix[0, 1] = 3.0  # matrix[1, 0] is still 1/5
    with pytest.raises(MCDAError, match="not reciprocal"):
        ahp_weights(matrix)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 12], [1 / 12, 1]], "Saaty's scale"),
        ([[1, 2, 3], [0.5, 1, 4]], "square"),
        ([[2, 2], [0.5, 2]], "diagonal"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, np.nan], [np.nan, 1]], "positive finite"),
    ],
)
def test_ahp_invalid_matrices_are_refused(matrix, message):
    with pytest.raises(MCDAError, match=message):
        ahp_weights(np.array(matrix, dtype=float))


# --- weighted sum -------------------------------------------------------------------------


def test_weighted_sum_contributions_sum_to_scores():
    rng = np.random.default_rng(7)
    values = rng.normal(size=(200, 6))
    ranking = weighted_sum(values, ["benefit", "cost"] * 3, rng.random(6))
    np.testing.assert_allclose(ranking.contributions.sum(axis=1), ranking.scores, rtol=0, atol=0)
    assert ranking.normalized.min() >= 0 and ranking.normalized.max() <= 1


@pytest.mark.parametrize("method", METHODS)
def test_scaling_all_weights_changes_nothing(method):
    rng = np.random.default_rng(3)
    values = rng.random((50, 4))
    directions = ["benefit", "cost", "cost", "benefit"]
    weights = rng.random(4)
    a = METHODS[method](values, directions, weights)
    b = METHODS[method](values, directions, weights * 37.5)
    np.testing.assert_allclose(a.weights, b.weights, rtol=1e-15)
    np.testing.assert_allclose(a.scores, b.scores, rtol=1e-13)
    np.testing.assert_allclose(a.contributions, b.contributions, rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("method", METHODS)
def test_dominating_alternative_never_scores_lower(method):
    rng = np.random.default_rng(20240611)
    for _ in range(200):
        n, m = int(rng.integers(2, 30)), int(rng.integers(1, 8))
        values = rng.normal(size=(n, m)) * rng.uniform(0.1, 100, size=m)
        directions = list(rng.choice(["benefit", "cost"], size=m))
        better, worse = rng.choice(n, size=2, replace=False)
        gain = rng.random(m) * (rng.random(m) < 0.5)
        gain[rng.integers(m)] += 0.1  # strictly better on at least one criterion
        sign = np.where(np.array(directions) == "benefit", 1.0, -1.0)
        values[better] = values[worse] + sign * gain
        scores = METHODS[method](values, directions, rng.random(m) + 0.01).scores
        assert scores[better] >= scores[worse] - 1e-12


def test_weighted_sum_constant_column_normalises_to_one():
    values = [[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]]
    ranking = weighted_sum(values, ["cost", "benefit"], [1, 1])
    np.testing.assert_array_equal(ranking.normalized[:, 0], [1.0, 1.0, 1.0])
    np.testing.assert_allclose(ranking.scores, [0.5, 0.75, 1.0])


def test_weighted_sum_cost_and_benefit_orientation():
    values = [[1.0], [2.0], [4.0]]
    benefit = weighted_sum(values, ["benefit"], [1])
    cost = weighted_sum(values, ["cost"], [1])
    np.testing.assert_allclose(benefit.normalized[:, 0], [0.0, 1 / 3, 1.0])
    np.testing.assert_allclose(cost.normalized[:, 0], [1.0, 2 / 3, 0.0])
    assert not np.signbit(cost.normalized).any()  # no -0.0 leaking into JSON


@pytest.mark.parametrize("method", METHODS)
def test_no_alternatives_gives_empty_arrays(method):
    ranking = METHODS[method](np.empty((0, 3)), ["benefit"] * 3, [1, 1, 1])
    assert ranking.scores.shape == (0,)
    assert ranking.normalized.shape == ranking.contributions.shape == (0, 3)
    np.testing.assert_allclose(ranking.weights, [1 / 3] * 3)


@pytest.mark.parametrize("method", METHODS)
def test_non_finite_values_are_refused_naming_the_column(method):
    values = np.ones((4, 3))
    values[2, 2] = np.nan
    with pytest.raises(MCDAError, match="column 2"):
        METHODS[method](values, ["benefit"] * 3, [1, 1, 1])
    values[2, 2] = np.inf
    with pytest.raises(MCDAError, match="column 2"):
        METHODS[method](values, ["benefit"] * 3, [1, 1, 1])


@pytest.mark.parametrize(
    ("values", "directions", "weights", "message"),
    [
        (np.ones((3, 2)), ["benefit"], [1, 1], "directions"),
        (np.ones((3, 2)), ["benefit", "cost"], [1, 1, 1], "weights"),
        (np.ones((3, 2)), ["benefit", "up"], [1, 1], "'benefit' or 'cost'"),
        (np.ones(3), ["benefit"], [1], "2-D"),
    ],
)
def test_mismatched_inputs_are_refused(values, directions, weights, message):
    with pytest.raises(MCDAError, match=message):
        weighted_sum(values, directions, weights)


def test_criterion_refuses_unknown_direction():
    assert Criterion("distance to road", "m", "cost").direction == "cost"
    with pytest.raises(MCDAError):
        Criterion("distance to road", "m", "lower")  # type: ignore[arg-type]


# --- weights ------------------------------------------------------------------------------


def test_normalize_weights_sums_to_one():
    np.testing.assert_allclose(normalize_weights(np.array([2.0, 0.0, 6.0])), [0.25, 0.0, 0.75])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([0.0, 0.0], "all weights are zero"),
        ([1.0, -0.5], "negative"),
        ([1.0, np.nan], "finite"),
        ([np.inf, 1.0], "finite"),
        ([], "non-empty"),
    ],
)
def test_normalize_weights_refusals(weights, message):
    with pytest.raises(MCDAError, match=message):
        normalize_weights(np.array(weights, dtype=float))


# --- weight sensitivity -------------------------------------------------------------------


def test_weighted_sum_sensitivity_hand_checked():
    # Normalised: A = (1, 0), B = (0, 1), C = (0.6, 0.6); equal weights -> C leads with 0.6.
    # With w_0 = s: A scores s, B scores 1 - s, so A takes over above s = 0.6 (t = +0.2) and
    # B below s = 0.4 (t = -0.2); criterion 1 is the mirror image.
    values = [[10.0, 0.0], [0.0, 10.0], [6.0, 6.0]]
    rows = weight_sensitivity(values, ["benefit", "benefit"], [1, 1], "weighted_sum")
    assert rows[0]["criterion_index"] == 0
    assert rows[0]["increase"] == pytest.approx(0.2)
    assert rows[0]["decrease"] == pytest.approx(-0.2)
    assert rows[0]["new_leader_index_on_increase"] == 0
    assert rows[0]["new_leader_index_on_decrease"] == 1
    assert rows[1]["new_leader_index_on_increase"] == 1
    assert rows[1]["new_leader_index_on_decrease"] == 0
    directions = ["benefit", "benefit"]
    for row in rows:
        j = row["criterion_index"]
        for t, new_leader in (
            (row["increase"], row["new_leader_index_on_increase"]),
            (row["decrease"], row["new_leader_index_on_decrease"]),
        ):
            assert t is not None
            assert leader("weighted_sum", values, directions, rescaled([1, 1], j, t * 0.999)) == 2
            assert (
                leader("weighted_sum", values, directions, rescaled([1, 1], j, t * 1.001))
                == new_leader
            )


@pytest.mark.parametrize(
    ("method", "values", "directions", "weights"),
    [
        ("topsis", PHONES, PHONE_DIRECTIONS, [0.25] * 4),
        ("weighted_sum", PHONES, PHONE_DIRECTIONS, [0.25] * 4),
        ("topsis", AIRCRAFT, AIRCRAFT_DIRECTIONS, AIRCRAFT_WEIGHTS),
        ("weighted_sum", AIRCRAFT, AIRCRAFT_DIRECTIONS, AIRCRAFT_WEIGHTS),
    ],
)
def test_sensitivity_thresholds_flip_the_leader(method, values, directions, weights):
    top = leader(method, values, directions, weights)
    rows = weight_sensitivity(values, directions, weights, method)
    assert [row["criterion_index"] for row in rows] == list(range(len(weights)))
    found = 0
    eps = 1e-6
    for row in rows:
        j = row["criterion_index"]
        for t, new_leader, side in (
            (row["increase"], row["new_leader_index_on_increase"], 1),
            (row["decrease"], row["new_leader_index_on_decrease"], -1),
        ):
            if t is None:
                continue
            found += 1
            assert side * t >= 0
            assert leader(method, values, directions, rescaled(weights, j, t - side * eps)) == top
            after = rescaled(weights, j, t + side * eps)
            assert leader(method, values, directions, after) == new_leader
    assert found > 0


@pytest.mark.parametrize("method", METHODS)
def test_sensitivity_matches_a_dense_scan(method):
    """Between the reported thresholds the leader never changes; None means never."""
    rng = np.random.default_rng(11)
    for _ in range(25):
        n, m = int(rng.integers(2, 7)), int(rng.integers(2, 5))
        values = rng.random((n, m))
        directions = list(rng.choice(["benefit", "cost"], size=m))
        weights = normalize_weights(rng.random(m))
        top = leader(method, values, directions, weights)
        for row in weight_sensitivity(values, directions, weights, method):
            j = row["criterion_index"]
            lo = -1.0 if row["decrease"] is None else row["decrease"]
            hi = 1 / weights[j] - 1 if row["increase"] is None else row["increase"]
            for t in np.linspace(lo, hi, 41)[1:-1]:
                assert leader(method, values, directions, rescaled(weights, j, t)) == top
            if row["decrease"] is None:
                assert leader(method, values, directions, rescaled(weights, j, -1.0)) == top
            if row["increase"] is None:
                assert leader(method, values, directions, rescaled(weights, j, hi)) == top


@pytest.mark.parametrize("method", METHODS)
def test_sensitivity_edge_cases(method):
    single = weight_sensitivity([[1.0, 2.0]], ["benefit", "cost"], [1, 1], method)
    assert all(row["increase"] is None and row["decrease"] is None for row in single)
    # A zero weight has no relative change; a criterion holding all the weight leaves nothing
    # to rescale; a dominant alternative can't be overtaken at all.
    rows = weight_sensitivity([[1.0, 1.0], [0.0, 0.0]], ["benefit"] * 2, [1, 0], method)
    for row in rows:
        assert row["increase"] is None and row["decrease"] is None
        assert row["new_leader_index_on_increase"] is None
        assert row["new_leader_index_on_decrease"] is None


def test_sensitivity_unknown_method():
    with pytest.raises(MCDAError, match="unknown method"):
        weight_sensitivity([[1.0]], ["benefit"], [1], "promethee")  # type: ignore[arg-type]


# --- scale --------------------------------------------------------------------------------


def test_million_alternatives_run_vectorised():
    rng = np.random.default_rng(0)
    values = rng.random((1_000_000, 10))
    directions = ["benefit", "cost"] * 5
    weights = rng.random(10)
    for method in ("weighted_sum", "topsis"):
        ranking = METHODS[method](values, directions, weights)
        assert ranking.scores.shape == (1_000_000,)
        assert ranking.contributions.shape == (1_000_000, 10)
        assert np.isfinite(ranking.scores).all()
        rows = weight_sensitivity(values, directions, weights, method)
        assert len(rows) == 10
