"""Scheduled jobs: one daily digest job per subscribed chat, named by the chat id.

In the manner of python-telegram-bot's ``timerbot`` example: scheduling a chat first removes any
job of the same name, so re-scheduling (a new time, a restart) is idempotent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from telegram.ext import CallbackContext, Job, JobQueue

from knowledge.digest import time_of
from knowledge.store.models import Subscription

JobCallback = Callable[[CallbackContext], Awaitable[Any]]


def job_name(chat_id: int) -> str:
    return str(chat_id)


def remove_job_if_exists(job_queue: JobQueue, name: str) -> bool:
    """Remove every job called ``name``; True when there was one."""
    jobs = job_queue.get_jobs_by_name(name)
    for job in jobs:
        job.schedule_removal()
    return bool(jobs)


def schedule_digest(job_queue: JobQueue, sub: Subscription, callback: JobCallback) -> Job:
    """(Re)schedule the chat's daily digest at its wall-clock time in its time zone."""
    remove_job_if_exists(job_queue, job_name(sub.chat_id))
    return job_queue.run_daily(callback, time=time_of(sub.time_of_day, sub.time_zone),
                               name=job_name(sub.chat_id), chat_id=sub.chat_id)


def unschedule_digest(job_queue: JobQueue, chat_id: int) -> bool:
    return remove_job_if_exists(job_queue, job_name(chat_id))


def schedule_all(job_queue: JobQueue, subscriptions: Iterable[Subscription], callback: JobCallback) -> int:
    """Schedule every enabled subscription (on start); returns how many."""
    count = 0
    for sub in subscriptions:
        if sub.enabled:
            schedule_digest(job_queue, sub, callback)
            count += 1
    return count
