from django import forms


class WilayahPicker(forms.TextInput):
    """A region-code input with type-to-search and step-down browsing (static/js/wahana.js).
    Without JavaScript it stays a plain code field."""

    template_name = "wilayah/widgets/picker.html"

    def __init__(self, *, dalam: str = "", tingkat: int | None = None, attrs=None):
        super().__init__(
            attrs={**(attrs or {}), "data_dalam": dalam, "data_tingkat": tingkat or ""}
        )
