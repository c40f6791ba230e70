"""The trainer's Training records view: loaded from the hub off the UI thread, filtered by
scenario, the readiness rule saved and applied; only trainers get it."""

from __future__ import annotations

from typing import Any

from tests.helpers.training_support import seed_training
from tests.ui.conftest import until
from ui.training.records_model import cell, night_cell
from ui.training.records_view import TrainingRecordsDialog


def test_records_filter_and_rule(
    qtbot: Any, qtmodeltester: Any, hub_env: Any, connect: Any, arun: Any
) -> None:
    seed_training(hub_env.db)
    dialog = TrainingRecordsDialog(connect("trainer"))
    qtbot.addWidget(dialog)
    dialog.show()
    arun(until(lambda: dialog.model.rowCount() == 3, what="trainees loaded"))
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.nights_model)
    first = dialog.model.rows[0]["trainee"]
    assert dialog.nights_model.rowCount() == len(
        [n for n in dialog.answer["nights"] if n["trainee"] == first]
    )
    dialog.view.selectRow(1)  # Li Na: her four nights, newest first
    assert dialog.nights_model.rowCount() == 4
    assert dialog.nights_model.rows[0]["scenario"] == "winter_freeze"
    # whose night the engine figures are: the planner's for the newest, then recommend
    engines = [night_cell(r, 4) for r in dialog.nights_model.rows]
    assert engines == ["planner", "recommend", "recommend", "recommend"]
    assert night_cell(dialog.nights_model.rows[0], 5) == "90% (90%)"
    rows = {cell(r, 0): r for r in dialog.model.rows}
    li = rows["Li Na 李娜"]
    assert (li["nights"], li["abandoned"]) == (4, 0)
    assert cell(li, 4) == "90% (90%)" and cell(li, 5) == "90%"
    assert li["ready"] is True  # default rule: 3 nights within 5 pts, one holiday_peak
    emma = rows["Emma Clarke"]
    assert (emma["nights"], emma["abandoned"], emma["ready"]) == (1, 1, False)
    wang = rows["Wang Wei 王伟"]
    assert wang["qualifying"] == 1 and not wang["ready"]  # holiday_peak 20 points below
    # the rule: two nights within 25 points, one on holiday_peak: Wang Wei now qualifies
    dialog.rule_nights.setValue(2)
    dialog.rule_pts.setValue(25)
    dialog.rule_scenario.setCurrentIndex(dialog.rule_scenario.findData("holiday_peak"))
    with qtbot.waitSignal(dialog.rule_saved, timeout=10_000):
        dialog.save_button.click()
    arun(
        until(
            lambda: any(r["trainee"].startswith("Wang") and r["ready"] for r in dialog.model.rows),
            what="rule applied",
        )
    )
    assert "2 of 3 trainees meet the rule" in dialog.ready_label.text()
    dialog.scenario.setCurrentIndex(dialog.scenario.findData("holiday_peak"))
    arun(
        until(
            lambda: (
                dialog.answer.get("nights")
                and {n["scenario"] for n in dialog.answer["nights"]} == {"holiday_peak"}
            ),
            what="filtered",
        )
    )
    dialog.close()


def test_only_trainers_get_training_records(make_main_window: Any) -> None:
    trainer = make_main_window("trainer")
    assert trainer.allowed("training_records")
    dispatcher = make_main_window("dispatcher")
    assert not dispatcher.allowed("training_records")
    assert dispatcher.commands.training_records() is None
