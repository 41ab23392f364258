"""Tests of the reminders room: planning, content, links, timing."""
