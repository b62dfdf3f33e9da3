"""Every lecture notebook, run in a real JupyterLab and looked at in a real browser.

The other notebook tests run the notebooks on kernels (nbval, nbclient) and never render
anything: a widget whose front end fails, a figure that never reaches the page or a slider
that no longer redraws its demo passes them all. Here each lecture notebook is opened from a
workspace made by ``neurocourse lab``, in JupyterLab on a loopback port with a one-time
token, and driven by Playwright through the system Chromium (headless; never a browser
build that Playwright downloads). JupyterLab's own command runs all cells; then no output
may be an error, every figure the built notebook shows must be shown, every widget demo
must show its controls and image, and moving one slider of each demo must change the bytes
of its image. A screenshot of each notebook goes to ``artifacts/browser/`` (git-ignored).

Without Playwright or a Chromium the tests are skipped with the reason and the command that
fixes it; ``.ci/run`` installs the browser, ``binder/requirements.txt`` pins Playwright.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "browser"

#: The executables looked for on PATH, in this order.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
INSTALL_CHROMIUM = "sudo apt-get install -y chromium"

#: A code cell with a line that calls a widget demo, as the lectures do.
DEMO_CALL = re.compile(r"^nc\.widgets\.\w+\(", re.MULTILINE)

#: Seconds allowed: JupyterLab to answer, a notebook to open with an idle kernel, Run All
#: Cells to finish, a widget demo to redraw.
SERVER_START = 90
OPEN = 90
RUN_ALL = 400
REDRAW = 60

VIEWPORT = {"width": 1280, "height": 1000}

#: JupyterLab settings of the test server: every cell attached to the page (so that every
#: output can be inspected and is in the screenshot), cell timings recorded (reported when
#: a run is slow), and no requests to the internet.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "recordTiming": True,
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# --- JavaScript run in the page; `window.jupyterapp` exists with expose_app_in_browser. ----
# Each function takes the notebook's path; `findPanel` finds its NotebookPanel.

_FIND_PANEL = """
const findPanel = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const widget of app.shell.widgets('main')) {
    if (widget.context && widget.context.path === path && widget.content && widget.sessionContext) {
      return widget;
    }
  }
  return null;
};
const kernelOf = (panel) => panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
const cellNode = (path, index) => document.querySelector(`[data-test-cell="${path}:${index}"]`);
"""


def _js(signature, body):
    return f"{signature} => {{{_FIND_PANEL}{body}}}"


JS_APP_READY = "() => !!window.jupyterapp && window.jupyterapp.shell.widgets !== undefined"

JS_OPEN = _js(
    "async (path)",
    """
  const app = window.jupyterapp;
  await app.restored;
  await app.commands.execute('docmanager:open', {path: path, factory: 'Notebook'});
""",
)

JS_READY = _js(
    "(path)",
    """
  const panel = findPanel(path);
  if (!panel || !panel.context.isReady || panel.content.widgets.length === 0) return false;
  const kernel = kernelOf(panel);
  return !!kernel && kernel.status === 'idle';
""",
)

JS_STORED_FIGURES = _js(
    "(path)",
    """
  return findPanel(path).content.widgets.map((cell) => {
    if (cell.model.type !== 'code') return 0;
    let n = 0;
    for (let i = 0; i < cell.model.outputs.length; i++) {
      if ('image/png' in (cell.model.outputs.get(i).toJSON().data || {})) n += 1;
    }
    return n;
  });
""",
)

JS_RUN_ALL = _js(
    "async (path)",
    """
  const app = window.jupyterapp;
  const panel = findPanel(path);
  app.shell.activateById(panel.id);
  panel.content.widgets.forEach((cell, index) => { cell.node.dataset.testCell = `${path}:${index}`; });
  if (app.shell.currentWidget !== panel) return false;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  window.__runAll = {done: false, error: null};
  app.commands.execute('notebook:run-all-cells').then(
    () => { window.__runAll = {done: true, error: null}; },
    (error) => { window.__runAll = {done: true, error: String(error)}; },
  );
  return true;
""",
)

JS_FINISHED = _js(
    "(path)",
    """
  const panel = findPanel(path);
  if (!window.__runAll || !window.__runAll.done) return false;
  const kernel = kernelOf(panel);
  if (!kernel || kernel.status !== 'idle') return false;
  return !panel.content.widgets.some(
    (cell) => cell.model.type === 'code' && cell.model.executionState === 'running'
  );
""",
)

JS_IMAGES_SHOWN = _js(
    "([path, indices])",
    """
  return indices.every((index) => {
    const img = cellNode(path, index)?.querySelector('img.widget-image');
    return !!img && img.complete && img.naturalWidth > 0;
  });
""",
)

JS_CELLS = _js(
    "(path)",
    """
  const panel = findPanel(path);
  const shown = (img) => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0;
  return panel.content.widgets.map((cell, index) => {
    const model = cell.model;
    const info = {index: index, type: model.type, source: model.sharedModel.getSource()};
    if (model.type !== 'code') return info;
    info.count = model.executionCount;
    const timing = model.getMetadata('execution') || {};
    const started = Date.parse(timing['iopub.execute_input']);
    const ended = Date.parse(timing['shell.execute_reply']);
    info.seconds = Number.isFinite(started) && Number.isFinite(ended) ? (ended - started) / 1000 : null;
    info.prompt = cell.node.querySelector('.jp-InputPrompt')?.textContent || '';
    info.outputs = [];
    for (let i = 0; i < model.outputs.length; i++) {
      const output = model.outputs.get(i).toJSON();
      info.outputs.push({
        type: output.output_type,
        name: output.name || null,
        text: output.output_type === 'stream' ? String(output.text).slice(0, 3000)
          : output.output_type === 'error' ? `${output.ename}: ${output.evalue}` : null,
      });
    }
    const area = cell.node.querySelector('.jp-OutputArea');
    const all = (selector) => (area ? [...area.querySelectorAll(selector)] : []);
    info.figures = all('.jp-RenderedImage img').filter(shown).length;
    info.widgetImages = all('img.widget-image').filter(shown).length;
    info.sliders = all('.widget-slider .noUi-handle').length;
    info.pageErrors = all('.jp-OutputArea-output')
      .map((node) => node.textContent)
      .filter((text) => /Traceback \\(most recent call last\\)|Error displaying widget/.test(text))
      .map((text) => text.slice(0, 1500));
    return info;
  });
""",
)

JS_IMAGE_DIGEST = _js(
    "async ([path, index])",
    """
  const img = cellNode(path, index)?.querySelector('img.widget-image');
  if (!img || !img.src) return null;
  const bytes = await (await fetch(img.src)).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return {src: img.src, digest: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')};
""",
)

JS_IMAGE_CHANGED = _js(
    "([path, index, src])",
    """
  const img = cellNode(path, index)?.querySelector('img.widget-image');
  const kernel = kernelOf(findPanel(path));
  return !!img && img.src !== src && img.complete && img.naturalWidth > 0 && kernel.status === 'idle';
""",
)

JS_IDLE = _js("(path)", "return kernelOf(findPanel(path)).status === 'idle';")

# The glossary's term anchors as JupyterLab rendered them: its sanitizer keeps an <a id> as
# data-jupyter-id, which is what it scrolls to for a link ending in #term-...
JS_TERM_ANCHORS = _js(
    "(path)",
    """
  const notebook = findPanel(path).content;
  return Array.from(notebook.node.querySelectorAll('[data-jupyter-id^="term-"]'))
    .map((node) => node.getAttribute('data-jupyter-id'));
""",
)

JS_NOTEBOOK_HEIGHT = _js(
    "(path)",
    """
  const app = window.jupyterapp;
  app.shell.collapseLeft();
  app.shell.collapseRight();
  const notebook = findPanel(path).content;
  return (notebook.outerNode || notebook.node).scrollHeight;
""",
)

JS_SCROLL_TOP = _js(
    "(path)",
    """
  const notebook = findPanel(path).content;
  (notebook.outerNode || notebook.node).scrollTop = 0;
""",
)

JS_CLOSE = _js(
    "async (path)",
    """
  const panel = findPanel(path);
  if (!panel) return;
  try { await panel.sessionContext.shutdown(); } catch (error) { /* the REST call below retries */ }
  panel.context.model.dirty = false;
  panel.dispose();
""",
)


# --- Fixtures: the browser, the JupyterLab server and one JupyterLab page --------------------


def _find_chromium():
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        pytest.skip(
            f"Playwright is not importable ({exc}): install it with "
            "`pip install -r binder/requirements.txt` (it drives the system Chromium; never run "
            "`playwright install`)"
        )
    executable = _find_chromium()
    if executable is None:
        pytest.skip(
            f"no Chromium browser: none of {', '.join(CHROMIUM_NAMES)} is on PATH; install the "
            f"system package with `{INSTALL_CHROMIUM}` (these tests never download a browser build)"
        )
    # As root (containers), Chromium refuses to start with its sandbox.
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        except Error as exc:
            first_lines = "\n".join(str(exc).splitlines()[:8])
            pytest.skip(f"Chromium at {executable} did not start in headless mode: {first_lines}")
        try:
            yield instance
        finally:
            instance.close()


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url, token, method="GET"):
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def _stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # JupyterLab shuts its kernels down on SIGTERM
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start_lab(command, workspace, env, log_path, url, token):
    """Start JupyterLab; return the process once it answers, or None if it exited."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=workspace, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + SERVER_START
    while process.poll() is None:
        try:
            _request(f"{url}/api/status", token)
            return process
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                _stop(process)
                pytest.fail(
                    f"JupyterLab did not answer within {SERVER_START} s:\n{log_path.read_text()[-4000:]}"
                )
            time.sleep(0.5)
    return None


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """JupyterLab serving a fresh ``neurocourse lab`` workspace on 127.0.0.1 with a token."""
    from neurocourse.course.lab import lab_command

    base = tmp_path_factory.mktemp("browser")
    workspace = base / "workspace"
    made = subprocess.run(
        [sys.executable, "-m", "neurocourse.course", "lab", str(workspace), "--no-launch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, f"`neurocourse lab --no-launch` failed:\n{made.stdout}\n{made.stderr}"

    config = base / "jupyter-config"
    for name, settings in LAB_SETTINGS.items():
        path = config / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    # The kernels inherit this environment: no MPLBACKEND, so that they keep the inline backend.
    env = {key: value for key, value in os.environ.items() if key not in {"MPLBACKEND", "PYTHONPATH"}}
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(base / "jupyter-runtime"))

    token = secrets.token_hex(24)
    log_path = base / "jupyterlab.log"
    for _attempt in range(3):  # another process may take the free port before JupyterLab binds it
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        command = lab_command(workspace, open_browser=False, port=port) + [
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True",
        ]
        process = _start_lab(command, workspace, env, log_path, url, token)
        if process is not None:
            break
    else:
        pytest.fail(f"JupyterLab did not start:\n{log_path.read_text()[-4000:]}")
    try:
        yield SimpleNamespace(url=url, token=token, workspace=workspace, log=log_path)
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def page(lab, browser):
    """One JupyterLab page for all notebooks (loading JupyterLab once, not once per notebook)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # The notebooks/ folder in a workspace of its own: no notebook (or kernel) opens by itself.
    page.goto(f"{lab.url}/lab/workspaces/browser-tests/tree/notebooks?token={lab.token}")
    page.wait_for_function(JS_APP_READY, timeout=OPEN * 1000)
    yield page
    page.close()


def _shut_down_kernels(lab):
    """Stop every session's kernel, so that the next notebook has the CPU to itself."""
    try:
        for session in _request(f"{lab.url}/api/sessions", lab.token):
            _request(f"{lab.url}/api/sessions/{session['id']}", lab.token, method="DELETE")
    except (OSError, urllib.error.URLError):
        pass


# --- The test ---------------------------------------------------------------------------------


def _wait(page, script, arg, seconds, what):
    """Wait until ``script(arg)`` is true in the page; return None, or what did not happen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(script, arg=arg, timeout=seconds * 1000, polling=250)
    except PlaywrightTimeout:
        return f"{what} within {seconds} s"
    return None


def _slowest(cells, n=4):
    timed = sorted((cell for cell in cells if cell.get("seconds") is not None), key=lambda c: -c["seconds"])
    return ", ".join(f"cell {cell['index']} {cell['seconds']:.1f} s" for cell in timed[:n])


def _move_one_slider(page, path, index):
    """Move the first slider of the demo in cell ``index`` one step; None if its image changed."""
    handle = page.locator(f'[data-test-cell="{path}:{index}"] .widget-slider .noUi-handle').first
    before = page.evaluate(JS_IMAGE_DIGEST, [path, index])
    at_maximum = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    tried = []
    for key in ["ArrowLeft", "ArrowRight"] if at_maximum else ["ArrowRight", "ArrowLeft"]:
        handle.focus()
        handle.press(key)
        timeout = _wait(page, JS_IMAGE_CHANGED, [path, index, before["src"]], REDRAW, f"{key}: no new image")
        if timeout:
            tried.append(timeout)
            _wait(page, JS_IDLE, path, REDRAW, "")
            continue
        after = page.evaluate(JS_IMAGE_DIGEST, [path, index])
        if after["digest"] != before["digest"]:
            return None
        tried.append(f"{key}: a new image with the same bytes")
        before = after
    return "; ".join(tried)


def _problems(cells, stored_figures, demos):
    """What the executed notebook in the page shows wrong, one line each.

    ``stored_figures[i]`` is the number of figures cell ``i`` had when the notebook opened
    (the outputs of the built notebook); ``demos`` the indices of the widget demo cells.
    """
    problems = []
    for cell in cells:
        if cell["type"] != "code" or not cell["source"].strip():
            continue
        where = f"cell {cell['index']} ({cell['source'].strip().splitlines()[0][:70]})"
        if cell["count"] is None or "*" in cell["prompt"]:
            problems.append(f"{where}: did not run (prompt {cell['prompt']!r})")
        for output in cell["outputs"]:
            if output["type"] == "error":
                problems.append(f"{where}: error output {output['text']}")
            elif output["name"] == "stderr" and "Traceback" in (output["text"] or ""):
                problems.append(f"{where}: traceback on stderr:\n{output['text']}")
        problems += [f"{where}: the page shows {text!r}" for text in cell["pageErrors"]]
        expected = stored_figures[cell["index"]]
        if cell["figures"] < expected:
            problems.append(
                f"{where}: shows {cell['figures']} of the {expected} figure(s) it had in the built notebook"
            )
        if cell["index"] in demos:
            if cell["sliders"] == 0:
                problems.append(f"{where}: the widget demo shows no slider")
            if cell["widgetImages"] == 0:
                problems.append(f"{where}: the widget demo shows no image")
    return problems


def _screenshot(page, path, target):
    height = page.evaluate(JS_NOTEBOOK_HEIGHT, path)
    page.set_viewport_size(
        {"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(height + 150, 16000))}
    )
    page.evaluate(JS_SCROLL_TOP, path)
    page.wait_for_timeout(300)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    page.set_viewport_size(VIEWPORT)


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda path: path.stem)
def test_lecture_notebook_runs_and_renders_in_jupyterlab(lab, page, notebook):
    path = f"notebooks/{notebook.name}"
    built = json.loads((lab.workspace / path).read_text())
    built_figures = sum(
        "image/png" in output.get("data", {}) for cell in built["cells"] for output in cell.get("outputs", [])
    )

    page.errors.clear()
    phases, cells = {}, []
    clock = time.monotonic()
    try:
        page.evaluate(JS_OPEN, path)
        timeout = _wait(page, JS_READY, path, OPEN, "the notebook did not open with an idle kernel")
        assert timeout is None, timeout
        # The figures of the built notebook, cell by cell, as JupyterLab opened it.
        stored_figures = page.evaluate(JS_STORED_FIGURES, path)
        phases["open"], clock = time.monotonic() - clock, time.monotonic()

        assert page.evaluate(JS_RUN_ALL, path), "the notebook is not JupyterLab's current widget"
        timeout = _wait(page, JS_FINISHED, path, RUN_ALL, "Run All Cells did not finish")
        cells = page.evaluate(JS_CELLS, path)
        phases["run all"], clock = time.monotonic() - clock, time.monotonic()
        if timeout:
            waiting = [f"{c['index']}" for c in cells if c["type"] == "code" and c["count"] is None]
            pytest.fail(f"{timeout}; cells not run: {', '.join(waiting)}; slowest: {_slowest(cells)}")
        run = page.evaluate("() => window.__runAll")
        assert run["error"] is None, f"notebook:run-all-cells failed: {run['error']}"

        demos = [
            cell["index"] for cell in cells if cell["type"] == "code" and DEMO_CALL.search(cell["source"])
        ]
        if re.match(r"\d\d_", notebook.name):  # a chapter's lecture; the glossary has no demo
            assert demos, f"{notebook.name}: no widget demo (no line starting with nc.widgets.<name>()"
        # Widget views render after the kernel's replies: give every demo time to show its image.
        _wait(page, JS_IMAGES_SHOWN, [path, demos], REDRAW, "")
        cells = page.evaluate(JS_CELLS, path)
        problems = _problems(cells, stored_figures, demos)
        shown = sum(cell.get("figures", 0) for cell in cells)
        if shown < built_figures:
            problems.append(f"the page shows {shown} figures, the built {notebook.name} has {built_figures}")
        markdown = "".join("".join(c["source"]) for c in built["cells"] if c["cell_type"] == "markdown")
        marked = sorted(set(re.findall(r'<a id="(term-[\w-]+)"></a>', markdown)))
        rendered = sorted(set(page.evaluate(JS_TERM_ANCHORS, path)))
        if rendered != marked:
            problems.append(
                f"glossary anchors: the lecture marks {len(marked)}, the page renders {len(rendered)} "
                f"(missing: {sorted(set(marked) - set(rendered))[:5]})"
            )
        assert not problems, f"{notebook.name} in JupyterLab:\n" + "\n".join(problems)
        phases["checks"], clock = time.monotonic() - clock, time.monotonic()

        for index in demos:
            failure = _move_one_slider(page, path, index)
            if failure:
                problems.append(
                    f"cell {index}: moving its first slider one step changed no image ({failure})"
                )
        phases[f"{len(demos)} sliders"], clock = time.monotonic() - clock, time.monotonic()
        assert not problems, f"{notebook.name} in JupyterLab:\n" + "\n".join(problems)
    finally:
        try:
            _screenshot(page, path, ARTIFACTS / f"{notebook.stem}.png")
        except Exception as exc:  # noqa: BLE001 - a missing screenshot must not hide the real failure
            print(f"no screenshot of {notebook.name}: {exc}")
        try:
            page.evaluate(JS_CLOSE, path)
        finally:
            _shut_down_kernels(lab)
        phases["screenshot, close"] = time.monotonic() - clock
        print(f"{notebook.name}: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items()))
        print(f"  slowest cells: {_slowest(cells)}")
        if page.errors:
            print("JavaScript errors on the page:\n" + "\n".join(page.errors))
