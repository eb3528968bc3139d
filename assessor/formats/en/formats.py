"""English dates as the product has always written them ("30 Nov 2026"), not
Django's American default ("Nov. 30, 2026"). German and French keep Django's
own formats ("30. November 2026", "30 novembre 2026")."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
