#!/usr/bin/env python3
"""A desktop's notification service, for tests without a desktop.

Owns org.freedesktop.Notifications on the session bus, appends each
notification it is asked to show to LOG as one JSON line, runs COMMAND once it
is listening, and exits with COMMAND's status.

usage: dbus-run-session -- python3 notification_server.py LOG COMMAND [ARG...]
Needs the dbus-next package (`pip install dbus-next`).
"""
import asyncio
import json
import sys

from dbus_next.aio import MessageBus
from dbus_next.service import ServiceInterface, method


class Notifications(ServiceInterface):
    def __init__(self, log):
        super().__init__("org.freedesktop.Notifications")
        self.log = log
        self.shown = 0

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s",
               body: "s", actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":
        self.shown += 1
        with open(self.log, "a", encoding="utf-8") as out:
            out.write(json.dumps({"app_name": app_name, "summary": summary, "body": body},
                                 ensure_ascii=False) + "\n")
        return self.shown

    @method()
    def GetCapabilities(self) -> "as":
        return ["body"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["notification_server.py", "winddown tests", "1", "1.2"]

    @method()
    def CloseNotification(self, id: "u"):
        pass


async def main():
    log, command = sys.argv[1], sys.argv[2:]
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications(log))
    await bus.request_name("org.freedesktop.Notifications")
    process = await asyncio.create_subprocess_exec(*command)
    return await process.wait()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
