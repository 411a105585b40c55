"""Read the QR codes printed on a PDF, as a phone would: render each page, then decode."""

import io


def qr_codes_in_pdf(content: bytes, *, scale: float = 3) -> list[str]:
    """Return the text of every QR code on the PDF's pages, in page order."""
    import pypdfium2
    import zxingcpp

    found = []
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        for page in document:
            image = page.render(scale=scale).to_pil()
            found += [
                result.text
                for result in zxingcpp.read_barcodes(image)
                if result.format == zxingcpp.BarcodeFormat.QRCode
            ]
    finally:
        document.close()
    return found
