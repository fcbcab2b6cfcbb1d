"""moto's server, with DynamoDB requests answered one at a time.

DynamoDB applies each request to an item atomically: a conditional write checks and writes in one
step, and a read sees an item before or after an update, never part-way. moto's server answers
requests on threads and does neither: `update_item` checks the condition, then applies the
update's actions to the stored item one by one, and `put_item` checks before it replaces. When
Python switches threads in between (a busy server switches every few milliseconds), two
conditional writes can both pass, and a GetItem can return a record whose status is already
PROCESSED beside the previous version's chunk count. The code under test relies on what DynamoDB
guarantees, so the emulator is given it: one lock around every DynamoDB action. DynamoDB actions
never wait for anything, unlike SQS's long polls, which stay concurrent.

MOTO_SWITCH_INTERVAL (seconds, default Python's 0.005) makes thread switches frequent, which
shows the races within seconds when MOTO_DYNAMODB_UNSERIALISED=1 leaves the lock out.
"""

import os
import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

if os.environ.get("MOTO_SWITCH_INTERVAL"):
    sys.setswitchinterval(float(os.environ["MOTO_SWITCH_INTERVAL"]))

if os.environ.get("MOTO_DYNAMODB_UNSERIALISED") != "1":
    _one_at_a_time = threading.Lock()
    _call_action = DynamoHandler.call_action

    def _serialised_call_action(self):  # type: ignore[no-untyped-def]
        with _one_at_a_time:
            return _call_action(self)

    DynamoHandler.call_action = _serialised_call_action  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
