"""When pain counts as clearly better, and when activity counts as rising."""

from webapp.domain.quiz import QUESTIONS, score
from webapp.domain.trends import activity_rose, pain_improved


def test_a_drop_of_two_points_is_a_real_improvement():
    assert pain_improved([6, 6, 7], [4, 5, 4])
    assert not pain_improved([6, 6, 6], [5, 5, 5])


def test_a_drop_of_thirty_percent_is_a_real_improvement():
    assert pain_improved([5, 5], [3, 4])  # 5 -> 3.5
    assert not pain_improved([9, 9], [8, 7])  # 9 -> 7.5, 17 percent


def test_little_pain_left_counts_as_better():
    assert pain_improved([2, 2], [2, 1])


def test_without_scores_there_is_no_improvement_to_see():
    assert not pain_improved([], [3])
    assert not pain_improved([6], [])


def test_activity_rises_when_a_recent_week_stepped_up():
    assert activity_rose(["held", "advanced", "held"], goal_reached=False)
    assert activity_rose(["advanced", "held", "held", "advanced"], goal_reached=False)


def test_three_weeks_without_a_step_up_is_no_rise():
    assert not activity_rose(["advanced", "held", "flare", "held"], goal_reached=False)
    assert not activity_rose([], goal_reached=False)


def test_a_reached_goal_counts_as_risen():
    assert activity_rose(["held", "held", "held"], goal_reached=True)


def test_the_quiz_scores_one_point_per_true_answer():
    assert score({q.id: q.correct for q in QUESTIONS}) == len(QUESTIONS) == 5
    assert score({}) == 0
    assert score({"rest": "false", "damage": "true"}) == 1
