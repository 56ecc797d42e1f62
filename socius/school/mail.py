"""The elective's mail kinds (core.mail discovers them here): the teacher's verification, and
the visits' bookings, answers, reminders and evaluations. Pupils never get mail."""

from socius.school import mail_classes, mail_visits  # noqa: F401
