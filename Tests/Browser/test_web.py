"""Browser tests of the "Backup and Restore" page, in a real headless Chromium driven by Selenium.

Every flow is clicked through against a running nsbackup server:
    NSBACKUP_URL=http://127.0.0.1:8080 NSBACKUP_TOKEN=<global admin token> python3 -m pytest Tests/Browser

Without those two variables the whole module is skipped. Screenshots of each state go to
$NSBACKUP_SCREENSHOTS (created if missing) or to a fresh temporary folder, printed at the end.
"""
import hashlib
import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

import pytest

BASE_URL = (os.environ.get("NSBACKUP_URL") or "").rstrip("/")
TOKEN = os.environ.get("NSBACKUP_TOKEN") or ""
if not BASE_URL or not TOKEN:
    pytest.skip("browser tests need a running server: set NSBACKUP_URL and NSBACKUP_TOKEN "
                "(a global admin token)", allow_module_level=True)

# The driver and browser come from Debian's packages: Selenium Manager must never try to download one.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402  (only needed once the module runs)
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = float(os.environ.get("NSBACKUP_BROWSER_WAIT", "30"))   # seconds for jobs and toasts
RUN = uuid.uuid4().hex[:8]

# The browser runs in a zone with a non-whole-hour offset and no daylight saving time, so the
# page's local-time formatting is checked against a known conversion rather than against UTC.
BROWSER_TZ = "Asia/Kolkata"
BROWSER_OFFSET = timezone(timedelta(hours=5, minutes=30))
DATE_RE = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$")


# ---------------------------------------------------------------- the API, for fixtures and checks

class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:300]!r}")
        self.status = status
        self.body = body

    def problem(self):
        return json.loads(self.body)


class Api:
    def __init__(self, base, token):
        self.base = base
        self.token = token

    def request(self, method, path, body=None, headers=None, token=None):
        req = urllib.request.Request(self.base + path, data=body, method=method)
        req.add_header("Authorization", f"Bearer {token if token is not None else self.token}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=120) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as err:
            raise ApiError(err.code, err.read()) from None

    def json(self, method, path, obj=None, **kw):
        body = None if obj is None else json.dumps(obj).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        _, _, data = self.request(method, path, body, headers, **kw)
        return json.loads(data) if data else None

    def create_backup(self, namespace_id, name):
        return self.json("POST", f"/v1/namespaces/{namespace_id}/backups?wait=120", {"name": name})

    def archive(self, backup_id):
        _, headers, data = self.request("GET", f"/v1/backups/{backup_id}/archive")
        return headers.get("Content-Disposition", ""), data

    def backups(self):
        return self.json("GET", "/v1/backups")["backups"]


def q(segment):
    return urllib.parse.quote(segment, safe="")


def disposition_file_name(header):
    m = re.search(r"filename\*\s*=\s*UTF-8''([^;]+)", header, re.I)
    if m:
        return urllib.parse.unquote(m.group(1).strip())
    m = re.search(r'filename\s*=\s*"((?:[^"\\]|\\.)*)"', header, re.I)
    return m.group(1) if m else ""


def local_date(iso):
    t = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(BROWSER_OFFSET)
    return t.strftime("%d-%m-%Y %H:%M:%S")


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def api():
    return Api(BASE_URL, TOKEN)


@pytest.fixture(scope="module")
def namespaces(api):
    """Two namespaces of this run: one with a quote in its name, one with markup in its name."""
    jane = api.json("POST", "/v1/namespaces", {"name": f"Jane's Services {RUN}"})
    acme = api.json("POST", "/v1/namespaces", {"name": f"ACME <script>alert(1)</script> Corp. {RUN}"})
    for path, kind, body in [("Orders/Order Service", "service", b'{"service": "orders"}'),
                             ("Orders/Order Model", "model", b"<model/>"),
                             ("Tutorials/Read me", "file", "Jane's notes ✓\n".encode())]:
        api.request("PUT", f"/v1/namespaces/{jane['id']}/items/" + "/".join(q(s) for s in path.split("/"))
                    + f"?kind={kind}", body, {"Content-Type": "application/octet-stream"})
    api.request("PUT", f"/v1/namespaces/{acme['id']}/items/Readme?kind=file", b"ACME\n",
                {"Content-Type": "text/plain"})
    yield {"jane": jane, "acme": acme}
    ours = {jane["id"], acme["id"]}
    for b in api.backups():
        if b["namespace"]["id"] in ours or RUN in b["name"] or RUN in b["namespace"]["name"]:
            try:
                api.request("DELETE", f"/v1/backups/{b['id']}")
            except ApiError:
                pass
    for ns in (jane, acme):
        try:
            api.request("DELETE", f"/v1/namespaces/{ns['id']}")
        except ApiError:
            pass


@pytest.fixture(scope="module")
def jane_backup(api, namespaces):
    backup = api.create_backup(namespaces["jane"]["id"], f"Janes Backup {RUN}")
    assert backup["status"] == "ready", backup
    return backup


@pytest.fixture(scope="module")
def shots():
    folder = os.environ.get("NSBACKUP_SCREENSHOTS") or tempfile.mkdtemp(prefix="nsbackup-screens-")
    os.makedirs(folder, exist_ok=True)
    yield folder
    print(f"\nscreenshots in {folder}")


@pytest.fixture(scope="module")
def downloads():
    return tempfile.mkdtemp(prefix="nsbackup-downloads-")


@pytest.fixture(scope="module")
def driver(downloads):
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-US", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(CHROMEDRIVER, env={**os.environ, "TZ": BROWSER_TZ})
    drv = webdriver.Chrome(service=service, options=options)
    drv.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    set_viewport(drv, 1280, 800)
    yield drv
    drv.quit()


def set_viewport(drv, width, height):
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


# ---------------------------------------------------------------- page helper

TOAST_RECORDER = """
window.__toastLog = [];
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType === 1 && n.classList.contains('toast')) {
      window.__toastLog.push({kind: n.dataset.kind, text: n.querySelector('.toast-text').textContent});
    }
  }
}).observe(document.getElementById('toasts'), {childList: true});
"""


class Page:
    def __init__(self, drv, shots_dir):
        self.d = drv
        self.shots_dir = shots_dir

    # -- navigation
    def open(self, signed_in=True):
        self.d.get(BASE_URL + "/")
        if signed_in:
            self.d.execute_script("sessionStorage.setItem('nsbackup.token', arguments[0]);", TOKEN)
        else:
            self.d.execute_script("sessionStorage.clear();")
        self.d.refresh()
        if signed_in:
            self.wait(lambda _: self.by_id("main").is_displayed(), "the page did not show the app")
            self.wait(lambda _: not self.d.find_elements(By.CSS_SELECTOR, "#backups-body tr.placeholder-row")
                      or "Loading" not in self.by_id("backups-body").text, "the list did not load")
        self.d.execute_script(TOAST_RECORDER)

    def shot(self, name):
        time.sleep(0.25)  # let transitions settle
        self.d.save_screenshot(os.path.join(self.shots_dir, f"{name}.png"))

    # -- lookup
    def by_id(self, element_id):
        return self.d.find_element(By.ID, element_id)

    def css(self, selector):
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def wait(self, condition, message, timeout=WAIT):
        return WebDriverWait(self.d, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(condition, message)

    def row(self, backup_id):
        rows = self.css(f'#backups-body tr[data-id="{backup_id}"]')
        return rows[0] if rows else None

    def wait_row(self, backup_id, present=True):
        self.wait(lambda _: (self.row(backup_id) is not None) == present,
                  f"row {backup_id} {'did not appear' if present else 'did not go away'}")
        return self.row(backup_id)

    def row_cells(self, backup_id):
        return [td.text for td in self.row(backup_id).find_elements(By.CSS_SELECTOR, "td")]

    def row_ids(self):
        return [tr.get_attribute("data-id") for tr in self.css("#backups-body tr[data-id]")]

    def ns_option(self, container, name):
        label = self.d.execute_script(
            "return Array.from(document.querySelectorAll('#' + arguments[0] + ' label'))"
            ".find((l) => l.textContent === arguments[1]) || null;", container, name)
        assert label is not None, f"namespace {name!r} is not listed in #{container}"
        return label

    def ns_names(self, container):
        return self.d.execute_script(
            "return Array.from(document.querySelectorAll('#' + arguments[0] + ' label'), (l) => l.textContent);",
            container)

    def active_id(self):
        return self.d.execute_script("return document.activeElement && document.activeElement.id;")

    # -- dialog
    def dialog_open(self):
        return self.d.execute_script("return document.getElementById('confirm-dialog').open;")

    def wait_dialog(self, open_=True):
        self.wait(lambda _: self.dialog_open() == open_, f"the dialog did not {'open' if open_ else 'close'}")

    def dialog_texts(self):
        return self.by_id("confirm-title").text, self.by_id("confirm-message").text

    # -- toasts
    def toast_log(self):
        return self.d.execute_script("return window.__toastLog || [];")

    def wait_toast(self, predicate, message):
        return self.wait(lambda _: next((t for t in self.toast_log() if predicate(t)), None), message)

    def visible_toasts(self):
        return [t.text for t in self.css("#toasts .toast")]


@pytest.fixture(scope="module")
def page(driver, shots):
    return Page(driver, shots)


# ---------------------------------------------------------------- tests

def test_token_prompt(page, api):
    page.open(signed_in=False)
    assert page.by_id("token-view").is_displayed()
    assert not page.by_id("main").is_displayed()
    assert page.active_id() == "token-input"
    page.shot("01-token-prompt")

    # A wrong token: the prompt stays and shows the server's problem detail, not JSON.
    with pytest.raises(ApiError) as refused:
        api.request("GET", "/v1/namespaces", token="wrong-" + RUN)
    assert refused.value.status == 401
    detail = refused.value.problem()["detail"]
    page.by_id("token-input").send_keys("wrong-" + RUN, Keys.ENTER)
    page.wait(lambda _: page.by_id("token-error").is_displayed(), "no error for a wrong token")
    error = page.by_id("token-error").text
    assert detail in error and "{" not in error
    assert page.d.execute_script("return sessionStorage.getItem('nsbackup.token');") is None
    page.shot("02-token-refused")

    page.by_id("token-input").send_keys(TOKEN)
    page.by_id("token-submit").click()
    page.wait(lambda _: page.by_id("main").is_displayed(), "the right token did not open the page")
    assert page.by_id("page-title").text == "Backup and Restore"
    assert page.by_id("open-upload").text == "Upload Backup"
    assert page.by_id("open-create").text == "Create New Backup"
    headers = [th.text for th in page.css("#backups-table thead th")][:4]
    assert headers == ["Name", "Namespace", "Creation Date", "Status"]
    assert page.d.execute_script("return sessionStorage.getItem('nsbackup.token');") == TOKEN

    # Kept for the tab: a reload goes straight to the page.
    page.d.refresh()
    page.wait(lambda _: page.by_id("main").is_displayed(), "a reload asked for the token again")
    assert not page.by_id("token-view").is_displayed()

    # Change token, then cancel: back to the page, token unchanged.
    page.by_id("change-token").click()
    page.wait(lambda _: page.by_id("token-view").is_displayed(), "Change token did not show the prompt")
    page.by_id("token-cancel").click()
    page.wait(lambda _: page.by_id("main").is_displayed(), "Cancel did not return to the page")

    # Change to a wrong token: refused with the detail, and Cancel still goes back with the old token.
    page.by_id("change-token").click()
    page.wait(lambda _: page.by_id("token-view").is_displayed(), "Change token did not show the prompt")
    page.by_id("token-input").send_keys("wrong-" + RUN, Keys.ENTER)
    page.wait(lambda _: detail in page.by_id("token-error").text, "no detail for a wrong new token")
    assert page.by_id("token-cancel").is_displayed()
    page.by_id("token-cancel").click()
    page.wait(lambda _: page.by_id("main").is_displayed(), "Cancel did not return to the page")
    assert page.d.execute_script("return sessionStorage.getItem('nsbackup.token');") == TOKEN

    # Forget token: the prompt comes back and the token is gone.
    page.by_id("forget-token").click()
    page.wait(lambda _: page.by_id("token-view").is_displayed(), "Forget token did not show the prompt")
    assert page.d.execute_script("return sessionStorage.getItem('nsbackup.token');") is None
    assert not page.by_id("token-cancel").is_displayed()


def test_unauthorized_brings_the_prompt_back(page, api):
    """A token that stops working mid-session (revoked, server restarted): the next call's 401 shows the prompt."""
    page.open()
    page.d.execute_script("sessionStorage.setItem('nsbackup.token', arguments[0]);", "revoked-" + RUN)
    with pytest.raises(ApiError) as refused:
        api.request("GET", "/v1/namespaces", token="revoked-" + RUN)
    detail = refused.value.problem()["detail"]
    page.by_id("open-create").click()   # loads the namespaces with the stale token
    page.wait(lambda _: page.by_id("token-view").is_displayed(), "a 401 did not bring the token prompt back")
    assert not page.by_id("main").is_displayed()
    assert detail in page.by_id("token-error").text
    assert page.d.execute_script("return sessionStorage.getItem('nsbackup.token');") is None
    assert page.active_id() == "token-input"
    page.by_id("token-input").send_keys(TOKEN, Keys.ENTER)
    page.wait(lambda _: page.by_id("main").is_displayed(), "signing in again did not show the page")


def test_create_backup(page, api, namespaces):
    jane = namespaces["jane"]
    page.open()
    page.by_id("open-create").click()
    page.wait(lambda _: page.by_id("create-panel").is_displayed(), "Create New Backup did not open its section")
    page.wait(lambda _: jane["name"] in page.ns_names("create-ns"), "the namespaces were not listed")
    names = page.ns_names("create-ns")
    assert namespaces["acme"]["name"] in names        # markup in a name shows literally
    assert page.d.find_element(By.CSS_SELECTOR, "#create-panel legend").text == "Select Namespace"
    start = page.by_id("create-start")
    assert start.text == "Start Backup" and not start.is_enabled()

    page.ns_option("create-ns", jane["name"]).click()
    assert not start.is_enabled(), "Start Backup enabled without a name"
    name_input = page.by_id("create-name")
    name_input.send_keys("   ")
    assert not start.is_enabled(), "Start Backup enabled with a blank name"
    name_input.clear()
    backup_name = f"Jane's first backup <b>{RUN}</b>"
    name_input.send_keys("  " + backup_name + " ")
    assert start.is_enabled()
    page.shot("03-create-section")

    before = {b["id"] for b in api.backups()}
    start.click()
    page.wait_dialog(True)
    assert page.dialog_texts() == ("Confirm New Backup Creation",
                                   f'Are you sure you want to create backup of namespace "{jane["name"]}"?')
    page.shot("04-create-confirm")

    # Escape cancels: nothing is created and focus returns to the button.
    page.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    page.wait_dialog(False)
    assert page.active_id() == "create-start"
    assert not [b for b in api.backups() if b["id"] not in before and RUN in b["name"]]

    start.click()
    page.wait_dialog(True)
    page.by_id("confirm-yes").click()
    page.wait_dialog(False)

    page.wait_toast(lambda t: t["text"] == "Backup process started", "no 'Backup process started' toast")
    page.wait_toast(lambda t: t["text"] == "Creating backup.", "no 'Creating backup.' toast")
    page.shot("05-create-running")
    page.wait_toast(lambda t: t["text"] == "Backup process finished successfully",
                    "no 'Backup process finished successfully' toast")
    texts = [t["text"] for t in page.toast_log()]
    assert texts.index("Backup process started") < texts.index("Creating backup.") \
        < texts.index("Backup process finished successfully")
    assert not page.by_id("create-panel").is_displayed()

    created = [b for b in api.backups() if b["id"] not in before and RUN in b["name"]]
    assert len(created) == 1, created
    backup = created[0]
    assert backup["name"] == backup_name and backup["status"] == "ready"
    assert backup["namespace"] == {"id": jane["id"], "name": jane["name"]}
    page.wait(lambda _: page.row(backup["id"]) and "(Ready)" in page.row_cells(backup["id"])[3],
              "the new row did not show (Ready)")
    cells = page.row_cells(backup["id"])
    assert cells[:4] == [backup_name, jane["name"], local_date(backup["createdAt"]), "(Ready)"]
    assert DATE_RE.match(cells[2])

    # The table follows the API's order: creation date, then id.
    listed = [b["id"] for b in api.backups()]
    shown = page.row_ids()
    assert [i for i in listed if i in shown] == shown

    # The close button of a toast removes it.
    toast = page.css("#toasts .toast")[0]
    toast.find_element(By.CSS_SELECTOR, ".toast-close").click()
    page.wait(lambda _: toast not in page.css("#toasts .toast"), "the toast did not close")
    assert page.by_id("toasts").get_attribute("aria-live") == "polite"
    page.shot("06-create-done")


def test_download(page, api, jane_backup, downloads):
    disposition, data = api.archive(jane_backup["id"])
    expected_name = disposition_file_name(disposition) or jane_backup["fileName"]
    page.open()
    page.wait_row(jane_backup["id"])
    button = page.row(jane_backup["id"]).find_element(By.CSS_SELECTOR, ".download-button")
    assert button.get_attribute("aria-label") == f"Download backup {jane_backup['name']}"
    button.click()
    target = os.path.join(downloads, expected_name)
    page.wait(lambda _: os.path.exists(target) and not any(f.endswith(".crdownload") for f in os.listdir(downloads)),
              f"{expected_name} was not downloaded (folder holds {os.listdir(downloads)})")
    with open(target, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == hashlib.sha256(data).hexdigest()


def test_upload(page, api, namespaces, jane_backup, tmp_path):
    acme = namespaces["acme"]
    disposition, data = api.archive(jane_backup["id"])
    file_name = disposition_file_name(disposition) or jane_backup["fileName"]
    path = tmp_path / file_name
    path.write_bytes(data)

    page.open()
    page.by_id("open-upload").click()
    page.wait(lambda _: page.by_id("upload-panel").is_displayed(), "Upload Backup did not open its section")
    confirm = page.by_id("upload-confirm")
    assert page.by_id("upload-browse").is_displayed() and page.by_id("upload-browse").text == "Browse"
    assert not confirm.is_enabled()
    page.shot("07-upload-section")

    page.by_id("upload-file").send_keys(str(path))
    page.wait(lambda _: page.by_id("upload-file-name").is_displayed(), "the chosen file was not shown")
    assert page.by_id("upload-file-name").text == file_name
    assert page.by_id("upload-change").is_displayed() and page.by_id("upload-change").text == "Change File"
    assert not page.by_id("upload-browse").is_displayed()
    assert page.by_id("upload-name").get_attribute("value") == file_name[:-len(".zip")]
    assert not confirm.is_enabled(), "Confirm enabled before a namespace was chosen"
    page.shot("08-upload-file-chosen")

    name = f"Janes MASTER backup {RUN}"
    page.by_id("upload-name").clear()
    page.by_id("upload-name").send_keys(name)
    assert not confirm.is_enabled()
    page.ns_option("upload-ns", acme["name"]).click()
    assert confirm.is_enabled()
    page.shot("09-upload-ready")

    before = {b["id"] for b in api.backups()}
    confirm.click()
    page.wait_toast(lambda t: t["text"] == "Upload successful", "no 'Upload successful' toast")
    uploaded = [b for b in api.backups() if b["id"] not in before and RUN in b["name"]]
    assert len(uploaded) == 1, uploaded
    backup = uploaded[0]
    assert backup["name"] == name and backup["origin"] == "uploaded" and backup["status"] == "ready"
    assert backup["namespace"]["id"] == acme["id"]
    page.wait_row(backup["id"])
    assert page.row_cells(backup["id"])[:4] == [name, acme["name"], local_date(backup["createdAt"]), "(Ready)"]
    assert not page.by_id("upload-panel").is_displayed()
    page.shot("10-upload-done")


def test_api_error_is_shown_as_detail(page, api, namespaces, tmp_path):
    acme = namespaces["acme"]
    junk = b"this is not a backup archive\n" * 20
    with pytest.raises(ApiError) as refused:
        api.request("POST", f"/v1/namespaces/{acme['id']}/backups/upload?name={q('junk ' + RUN)}&filename=junk.zip",
                    junk, {"Content-Type": "application/zip"})
    assert refused.value.status == 422
    detail = refused.value.problem()["detail"]

    path = tmp_path / "not-a-backup.zip"
    path.write_bytes(junk)
    page.open()
    before = {b["id"] for b in api.backups()}
    page.by_id("open-upload").click()
    page.wait(lambda _: page.by_id("upload-panel").is_displayed(), "Upload Backup did not open")
    page.by_id("upload-file").send_keys(str(path))
    page.wait(lambda _: page.by_id("upload-name").get_attribute("value") == "not-a-backup", "no name pre-fill")
    page.ns_option("upload-ns", acme["name"]).click()
    page.by_id("upload-confirm").click()
    toast = page.wait_toast(lambda t: t["kind"] == "error", "no error toast for an invalid archive")
    assert detail in toast["text"]
    shown = page.wait(lambda _: " ".join(page.visible_toasts()) if detail in " ".join(page.visible_toasts()) else None,
                      "the error toast did not become visible")
    assert '"code"' not in shown and "{" not in shown, shown
    assert page.by_id("upload-panel").is_displayed(), "the section closed after a refused upload"
    assert not [b for b in api.backups() if b["id"] not in before and RUN in b["name"]]
    page.shot("11-upload-refused")
    page.by_id("upload-cancel").click()
    page.wait(lambda _: not page.by_id("upload-panel").is_displayed(), "Cancel did not close the section")
    assert page.active_id() == "open-upload"


def test_restore(page, api, namespaces, jane_backup):
    jane, acme = namespaces["jane"], namespaces["acme"]
    page.open()
    page.wait_row(jane_backup["id"])
    page.row(jane_backup["id"]).find_element(By.CSS_SELECTOR, "td.col-name").click()
    page.wait(lambda _: page.by_id("restore-panel").is_displayed(), "selecting a row did not open the restore section")
    row = page.row(jane_backup["id"])
    assert "is-selected" in row.get_attribute("class") and row.get_attribute("aria-current") == "true"
    assert page.d.find_element(By.CSS_SELECTOR, "#restore-panel legend").text == "Select Namespace"
    restore = page.by_id("restore-start")
    assert restore.text == "Restore" and not restore.is_enabled()
    page.shot("12-restore-selected")

    page.ns_option("restore-ns", acme["name"]).click()
    assert restore.is_enabled()
    restore.click()
    page.wait_dialog(True)
    assert page.dialog_texts() == (
        "Confirm Namespace Restoration",
        f'Are you sure you want to overwrite "{acme["name"]}" with the selected backup? '
        f'You will lose all unsaved work in "{acme["name"]}".')
    assert page.active_id() == "confirm-cancel"   # a destructive question starts on Cancel
    page.shot("13-restore-confirm")
    page.by_id("confirm-yes").click()
    page.wait_dialog(False)

    page.wait_toast(lambda t: t["text"] == "Restoring backup...", "no 'Restoring backup...' toast")
    result = page.wait_toast(lambda t: t["text"] == "Restore finished successfully" or t["kind"] == "error",
                             "no result toast for the restore")
    restores = api.json("GET", f"/v1/restores?namespaceId={acme['id']}")["restores"]
    latest = restores[0]
    assert latest["status"] == "succeeded", latest
    assert result["text"] == "Restore finished successfully"
    warnings = latest["report"]["warnings"]
    shown = page.wait(lambda _: "\n".join(page.visible_toasts())
                      if all(w in "\n".join(page.visible_toasts()) for w in warnings) else None,
                      f"the restore's warnings {warnings} were not shown")
    assert "Restore finished successfully" in shown
    assert "is-selected" not in page.row(jane_backup["id"]).get_attribute("class")
    page.shot("14-restore-done")

    source = api.json("GET", f"/v1/namespaces/{jane['id']}/content")["items"]
    target = api.json("GET", f"/v1/namespaces/{acme['id']}/content")["items"]
    assert [i["path"] for i in target] == [i["path"] for i in source]


def test_keyboard(page, jane_backup):
    page.open()
    page.wait_row(jane_backup["id"])
    row = page.row(jane_backup["id"])
    page.d.execute_script("arguments[0].focus();", row)
    page.d.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ARROW_DOWN)  # keyboard focus: focus ring
    assert page.d.switch_to.active_element == row
    page.shot("15-keyboard-row-focused")
    page.d.switch_to.active_element.send_keys(Keys.ENTER)
    page.wait(lambda _: page.by_id("restore-panel").is_displayed(), "Enter on a row did not select it")
    assert "is-selected" in page.row(jane_backup["id"]).get_attribute("class")
    assert page.d.switch_to.active_element.get_attribute("name") == "restore-ns"
    page.shot("16-keyboard-row-selected")
    # Focus moved into the section; Escape closes it and gives focus back to the row.
    page.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    page.wait(lambda _: not page.by_id("restore-panel").is_displayed(), "Escape did not close the section")
    assert page.d.switch_to.active_element == page.row(jane_backup["id"])
    assert "is-selected" not in page.row(jane_backup["id"]).get_attribute("class")
    page.d.switch_to.active_element.send_keys(Keys.SPACE)
    page.wait(lambda _: page.by_id("restore-panel").is_displayed(), "Space on a row did not select it")
    page.by_id("restore-cancel").click()

    # The delete dialog by keyboard: Escape cancels and focus returns to the icon button.
    button = page.row(jane_backup["id"]).find_element(By.CSS_SELECTOR, ".delete-button")
    page.d.execute_script("arguments[0].focus();", button)
    page.d.switch_to.active_element.send_keys(Keys.ENTER)
    page.wait_dialog(True)
    page.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    page.wait_dialog(False)
    assert page.d.switch_to.active_element == button
    assert page.row(jane_backup["id"]) is not None


def test_delete(page, api, namespaces):
    name = f"To be deleted {RUN}"
    backup = api.create_backup(namespaces["jane"]["id"], name)
    page.open()
    page.wait_row(backup["id"])
    button = page.row(backup["id"]).find_element(By.CSS_SELECTOR, ".delete-button")
    assert button.get_attribute("aria-label") == f"Delete backup {name}"
    button.click()
    page.wait_dialog(True)
    assert page.dialog_texts() == ("Confirm Deletion", f'Are you sure you want to delete backup "{name}"?')
    page.shot("17-delete-confirm")
    page.by_id("confirm-cancel").click()
    page.wait_dialog(False)
    assert page.row(backup["id"]) is not None
    assert page.d.switch_to.active_element == button

    button.click()
    page.wait_dialog(True)
    page.by_id("confirm-yes").click()
    page.wait_dialog(False)
    page.wait_row(backup["id"], present=False)
    with pytest.raises(ApiError) as gone:
        api.request("GET", f"/v1/backups/{backup['id']}")
    assert gone.value.status == 404
    page.shot("18-delete-done")


def test_backup_of_deleted_namespace_keeps_its_name(page, api):
    ns = api.json("POST", "/v1/namespaces", {"name": f"Old namespace {RUN}"})
    api.request("PUT", f"/v1/namespaces/{ns['id']}/items/Note?kind=file", b"x", {"Content-Type": "text/plain"})
    backup = api.create_backup(ns["id"], f"Last words {RUN}")
    api.request("DELETE", f"/v1/namespaces/{ns['id']}")
    assert api.json("GET", f"/v1/backups/{backup['id']}")["namespace"] == {"id": None, "name": ns["name"]}
    page.open()
    page.wait_row(backup["id"])
    assert page.row_cells(backup["id"])[1].startswith(ns["name"])


def test_narrow_viewport(page, driver, jane_backup):
    set_viewport(driver, 375, 812)
    try:
        page.open()
        page.wait_row(jane_backup["id"])
        width = driver.execute_script("return document.documentElement.clientWidth;")
        assert width == 375
        overflow = driver.execute_script("return document.documentElement.scrollWidth;")
        assert overflow <= width, f"the page scrolls sideways: {overflow}px wide"
        for element_id in ("open-upload", "open-create"):
            rect = page.by_id(element_id).rect
            assert page.by_id(element_id).is_displayed() and rect["x"] >= 0 and rect["x"] + rect["width"] <= width
        row = page.row(jane_backup["id"])
        for css in ("td.col-name", ".download-button", ".delete-button"):
            element = row.find_element(By.CSS_SELECTOR, css)
            rect = element.rect
            assert element.is_displayed() and rect["x"] + rect["width"] <= width, css
        page.shot("19-narrow-list")

        row.find_element(By.CSS_SELECTOR, "td.col-name").click()
        page.wait(lambda _: page.by_id("restore-panel").is_displayed(), "no restore section on a narrow screen")
        assert driver.execute_script("return document.documentElement.scrollWidth;") <= width
        page.shot("20-narrow-restore")
        page.by_id("restore-cancel").click()

        page.by_id("open-create").click()
        page.wait(lambda _: page.by_id("create-panel").is_displayed(), "no create section on a narrow screen")
        assert driver.execute_script("return document.documentElement.scrollWidth;") <= width
        page.shot("21-narrow-create")
        page.by_id("create-cancel").click()

        row = page.row(jane_backup["id"])
        row.find_element(By.CSS_SELECTOR, ".delete-button").click()
        page.wait_dialog(True)
        rect = page.by_id("confirm-dialog").rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width
        page.shot("22-narrow-dialog")
        page.by_id("confirm-cancel").click()
        page.wait_dialog(False)
    finally:
        set_viewport(driver, 1280, 800)


def test_no_csp_violations_or_script_errors(page, driver):
    """Runs last: no flow above tripped the Content-Security-Policy or threw, and a fresh load logs nothing severe.

    The browser log holds everything since the driver started (earlier tests never read it). Refused requests
    (401, 422) are logged by Chromium as failed resource loads; those are expected and not counted.
    """
    bad = re.compile(r"Content Security Policy|Refused to|Uncaught|TypeError|ReferenceError|SyntaxError")
    problems = [e["message"] for e in driver.get_log("browser") if bad.search(e["message"])]
    assert problems == []
    page.open()
    time.sleep(0.5)
    assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
