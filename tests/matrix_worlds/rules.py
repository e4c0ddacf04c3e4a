"""The calendar page takes a year; it is for administrators only (404 for everyone else)."""


def build(context):
    return {"year": 2027}
