"""Domain signals other apps react to, sent inside the transaction of the write."""

from django.dispatch import Signal

# Sent with `person` and `actor` when someone leaves the organisation (deactivated or dropped
# from the HR import). The channel register listens to orphan the channels they owned.
person_left = Signal()
