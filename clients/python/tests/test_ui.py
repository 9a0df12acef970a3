"""`attrib ui` serves the dashboard's built files, and says in one line when they are not built."""

import threading
import urllib.request

import pytest

from attrib.cli import main
from attrib.ui import DashboardNotBuilt, dashboard_dir, make_server, page_url


def test_serves_index_and_assets_from_the_built_directory(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>dash</title>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    server = make_server(dashboard_dir(str(tmp_path)), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?node=ws://127.0.0.1:9944") as response:
            assert response.read().startswith(b"<!doctype html>")
            assert response.headers["Cache-Control"] == "no-store"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/assets/app.js") as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
            assert response.read() == b"console.log(1)"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing.js")
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_a_directory_without_a_build_is_refused_in_one_line(tmp_path, capsys):
    with pytest.raises(DashboardNotBuilt):
        dashboard_dir(str(tmp_path))
    assert main(["ui", "--dir", str(tmp_path), "--port", "0"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("attrib: error: the dashboard is not built") and "\n" not in err


def test_the_page_address_names_the_node():
    assert page_url("127.0.0.1", 8080, None) == "http://127.0.0.1:8080/"
    assert page_url("127.0.0.1", 8080, "ws://10.0.0.2:9944") == "http://127.0.0.1:8080/?node=ws://10.0.0.2:9944"
