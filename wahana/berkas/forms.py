from django import forms

from .models import Berkas
from .validation import check_upload


class BerkasField(forms.FileField):
    """A file input that accepts only what its bytes show to be a document or a photo."""

    def __init__(self, *, jenis: str = Berkas.Jenis.DOKUMEN, **kwargs):
        self.jenis = jenis
        accept = (
            "application/pdf,image/jpeg,image/png"
            if jenis == Berkas.Jenis.DOKUMEN
            else "image/jpeg,image/png,image/webp"
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size") and upload is not initial:
            check_upload(upload, self.jenis)
        return upload
