"""The one domain error services raise when a rule forbids a change (quota full, deadline passed,
illegal status change, capacity reached); the API answers 409 and the portal shows the message.
Invalid input is Django's ValidationError instead (400, per field)."""


class RuleViolation(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
