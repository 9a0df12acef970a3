"""Progress output on long hashing: shown on standard error when asked for, silent otherwise."""

from attrib import progress
from attrib.cid import cid_of_path


def test_hashing_shows_a_progress_bar_when_asked(tmp_path, monkeypatch, capsys):
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(3 * 1024 * 1024 + 5))
    monkeypatch.setenv("ATTRIB_PROGRESS", "1")
    with progress.bar(progress.total_bytes(big), "hashing big.bin") as tick:
        assert tick is not None
        cid_of_path(big, tick)
    err = capsys.readouterr().err
    assert "hashing big.bin" in err and "100%" in err


def test_no_bar_when_not_asked_and_not_a_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("ATTRIB_PROGRESS", raising=False)
    with progress.bar(10, "quiet") as tick:
        assert tick is None
    with progress.bar(10, "disabled", enabled=False) as tick:
        assert tick is None
    assert capsys.readouterr().err == ""
