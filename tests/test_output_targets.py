"""-o writes only regular files or new paths (issue 19, items 3 and 9): a folder, FIFO, socket or
device is one clear error and stays as it was; a link to a regular file is written through."""

from __future__ import annotations

import os
import socket
import stat

import pytest


@pytest.fixture
def nodes(tmp_path):
    """A FIFO, a socket, a folder, a regular file, and links to each (and one to nothing)."""
    fifo, sock, folder, real = tmp_path / "out.fifo", tmp_path / "out.sock", tmp_path / "folder", tmp_path / "real.html"
    os.mkfifo(fifo)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    folder.mkdir()
    real.write_text("old", encoding="utf-8")
    for name, target in [
        ("link.html", real),
        ("fifo-link.json", fifo),
        ("dangling.html", tmp_path / "nowhere"),
        ("folder-link", folder),
    ]:
        (tmp_path / name).symlink_to(target)
    yield tmp_path
    server.close()


def _kinds(root):
    return {p.name: stat.S_IFMT(os.lstat(p).st_mode) for p in root.iterdir()}


@pytest.mark.parametrize(
    "name, message",
    [
        ("out.fifo", "is a FIFO"),
        ("out.sock", "is a socket"),
        ("folder", "is a folder"),
        ("fifo-link.json", "symbolic link to a FIFO"),
        ("dangling.html", "does not exist"),
        ("folder-link", "symbolic link to a folder"),
    ],
)
def test_what_is_not_a_regular_file_is_refused_and_left_alone(nodes, name, message):
    from kg.present.export.io import ExportError, atomic_write_text

    before = _kinds(nodes)
    with pytest.raises(ExportError, match=message) as err:
        atomic_write_text(nodes / name, "new")
    assert str(nodes / name) in str(err.value) and "\n" not in str(err.value)
    assert _kinds(nodes) == before and not (nodes / "nowhere").exists()


def test_a_device_is_refused_without_being_touched():
    from kg.present.export.io import ExportError, output_target

    with pytest.raises(ExportError, match="/dev/null: is a device"):
        output_target("/dev/null")


def test_a_link_to_a_regular_file_is_written_through_and_stays_a_link(nodes):
    from kg.present.export.io import atomic_write_text

    atomic_write_text(nodes / "link.html", "new")
    assert (nodes / "link.html").is_symlink() and (nodes / "real.html").read_text(encoding="utf-8") == "new"
    assert [p.name for p in nodes.iterdir() if p.name.endswith(".tmp")] == []


@pytest.fixture
def store(tmp_path, small_graph):
    from kg.store import EmbeddedStore

    EmbeddedStore(tmp_path / "store").write_graph(small_graph)
    return str(tmp_path / "store")


@pytest.mark.parametrize("command", [["viz"], ["map", "--min-papers", "1"], ["export", "-f", "json"]])
@pytest.mark.parametrize("target", ["folder", "out.fifo", "fifo-link.json", "file.txt/below.html"])
@pytest.mark.slow  # about a second or more
def test_cli_outputs_give_one_error_line(nodes, store, command, target):
    from typer.testing import CliRunner

    from kg.cli import app

    (nodes / "file.txt").write_text("a file, not a folder", encoding="utf-8")
    before = _kinds(nodes)
    result = CliRunner().invoke(app, [*command, "--store", store, "-o", str(nodes / target)])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.exit_code == 1 and not isinstance(result.exception, (ValueError, OSError)), result.exception
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(nodes / target.split("/")[0]) in lines[0], lines
    assert _kinds(nodes) == before
