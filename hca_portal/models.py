from django.db import models
from simple_history.models import HistoricalRecords


class StateHoliday(models.Model):
    """A New Mexico state holiday (NMSA 12-5-2): a day that is not a business day.

    Seeded from the ``holidays`` package; program administrators correct it in the admin.
    """

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
