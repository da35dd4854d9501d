"""Runs the oremap command line for an algorithm: its progress (--progress=json, one object per
line on stderr) drives the Processing dialog's bar, its log lines go to the dialog's log, and
Cancel sends SIGTERM, which oremap answers by stopping cleanly (no half-written outputs)."""

import json
import queue
import signal
import subprocess
import threading
import time

from qgis.core import QgsProcessingException

CANCELLED = 130  # oremap's exit code when it stopped on request
KILL_AFTER_S = 30  # after SIGTERM, how long oremap may take to clean up before it is killed


class OremapCommand:
    def __init__(self, executable, feedback):
        if not executable:
            raise QgsProcessingException(
                "the oremap program was not found: set its path in Processing > Options > Providers > oremap, "
                "or put oremap on the PATH (build it with tools/build, see the README)"
            )
        self.executable = executable
        self.feedback = feedback
        self.errors = []  # the last run's error lines, without the "oremap: " prefix
        self.step = None  # the progress step on show

    def run(self, *args, allowed_codes=(0,)):
        """Runs `oremap --progress=json <args>`; returns (exit code, stdout). Raises
        QgsProcessingException when the exit code is not allowed, with oremap's error lines."""
        command = [self.executable, "--progress=json", *[str(a) for a in args]]
        self.feedback.pushCommandInfo(" ".join(command))
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
        )
        lines = queue.Queue()
        stdout = []
        readers = [
            threading.Thread(target=_read_lines, args=(process.stderr, lines.put), daemon=True),
            threading.Thread(target=_read_lines, args=(process.stdout, stdout.append), daemon=True),
        ]
        for reader in readers:
            reader.start()
        self.errors = errors = []
        self.step = None
        terminated_at = None
        while process.poll() is None or not lines.empty() or any(r.is_alive() for r in readers):
            if self.feedback.isCanceled() and terminated_at is None:
                self.feedback.pushInfo("cancelling: oremap is stopping and removing its partial outputs")
                process.send_signal(signal.SIGTERM)
                terminated_at = time.monotonic()
            if terminated_at is not None and process.poll() is None and time.monotonic() - terminated_at > KILL_AFTER_S:
                process.kill()
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self._show(line.rstrip("\n"), errors)
        code = process.wait()
        if code == CANCELLED or terminated_at is not None:
            raise QgsProcessingException("cancelled: the output folder keeps its previous results")
        if code not in allowed_codes:
            detail = "; ".join(errors) if errors else "see the log above"
            raise QgsProcessingException(f"oremap {args[0]} failed (exit code {code}): {detail}")
        return code, "".join(stdout)

    def _show(self, line, errors):
        if line.startswith("{"):
            try:
                event = json.loads(line)
            except ValueError:
                event = None
            if isinstance(event, dict) and "fraction" in event:
                if event.get("step") != self.step:  # a new stage: its name above the bar
                    self.step = event.get("step")
                    self.feedback.setProgressText(event.get("stage", ""))
                self.feedback.setProgress(100.0 * float(event["fraction"]))
                return
        if line.startswith("oremap: error: ") or line.startswith("oremap: internal error: "):
            errors.append(line[len("oremap: ") :])
            self.feedback.reportError(line)
        elif line.startswith("oremap: warning: "):
            self.feedback.pushWarning(line)
        elif line.startswith("oremap: ") or not line.strip():
            self.feedback.pushInfo(line)
        else:  # project-file problems: "file:line:col: key: message (fix)"
            errors.append(line)
            self.feedback.reportError(line)


def _read_lines(stream, sink):
    for line in stream:
        sink(line)
    stream.close()
