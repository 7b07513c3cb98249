"""The benchmark is run on demand, not in CI: this keeps it runnable. Small files go through both
sides of every case; the checksums must agree (a benchmark that fails or compares different data
says nothing about speed)."""


def test_240_sides_decode_the_same_values(bench, tmp_path):
    path = str(tmp_path / "cob240.ret")
    lines = bench.gen240(path, 120, lot=50)
    hand, ours, lazy = bench.hand240(path), bench.ours240(path), bench.ours240(path, lazy=True)
    checked = bench.ours240(path, "checked")
    assert hand[:2] == ours[:2] == lazy[:2] == checked[:2] == (lines, 120)
    assert hand[2] == ours[2] == checked[2]
    assert hand[2][1:3] == lazy[2][1:3]


def test_400_sides_decode_the_same_values(bench, tmp_path):
    path = str(tmp_path / "cob400.ret")
    lines = bench.gen400(path, 150)
    hand, ours, lazy = bench.hand400(path), bench.ours400(path), bench.ours400(path, lazy=True)
    checked = bench.ours400(path, "checked")
    assert hand[:2] == ours[:2] == lazy[:2] == checked[:2] == (lines, 150)
    assert hand[2] == ours[2] == checked[2]
    assert hand[2][1:3] == lazy[2][1:3]


def test_both_writers_write_the_same_remessa(bench, tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "WRITE_TITLES", 40)
    ours, hand = tmp_path / "ours.rem", tmp_path / "hand.rem"
    assert bench.write_ours(str(ours))[0] == bench.write_hand(str(hand))[0] == 2 * 40 + 4
    assert ours.read_bytes() == hand.read_bytes()


def test_the_big_remessa_case_writes_nine_times_the_boletos(bench, tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.setattr(bench, "WRITE_TITLES", 30)
    bench.child("write_ours_big", str(tmp_path / "big.rem"))
    result = json.loads(capsys.readouterr().out)
    assert result["titles"] == 270 and result["lines"] == 2 * 270 + 4


def test_validate_in_one_and_two_processes_gives_the_same_report(bench, tmp_path, monkeypatch):
    from cnab import validate as V

    monkeypatch.setattr(V, "SPLIT_MIN", V.SPLIT_MIN)  # the case lowers it: restore it after
    path = str(tmp_path / "cob400.ret")
    lines = bench.gen400(path, 300)
    one, two = bench.validate(path, 1), bench.validate(path, 2)
    assert one == two and one[:2] == (lines, 300)
