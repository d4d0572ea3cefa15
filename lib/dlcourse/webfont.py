"""Korean text in a browser on any machine, offline: NanumGothic as a web font.

A machine without a Korean system font (a plain Linux install, a lab PC) draws every Hangul
syllable as a box, in JupyterLab and in the course's HTML pages alike. The course already
ships NanumGothic (koreanize-matplotlib, for the figures); browsers refuse those TTF files as
they are (an empty ``TSI3`` table fails their font checker), so the helpers here write clean
WOFF subsets of them:

* :func:`lab_font_dir` - the Hangul ranges, regular and bold, for JupyterLab (``custom.css``
  loads them from the course's server), made once and kept in Jupyter's data folder;
* :func:`font_face_css` - the glyphs one page uses, inside the page (the class report, the
  feedback pages: single files mailed or opened anywhere).
"""
import base64
import hashlib
import io
import logging
import os

from .plotting import korean_font_path

FAMILY = "DLCourse Korean"
# Hangul jamo, CJK punctuation, compatibility jamo, jamo extensions, syllables, full-width
# forms: what the web font covers; custom.css says the same in its unicode-range
HANGUL_RANGES = [(0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xA960, 0xA97F),
                 (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xFF00, 0xFFEF)]
FACES = {"normal": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf"}


def _source(weight="normal"):
    regular = korean_font_path()
    if regular is None:
        raise RuntimeError("Korean font not found: install the course's dependencies "
                           "(pip install -e .) so that koreanize-matplotlib is present")
    return os.path.join(os.path.dirname(regular), FACES[weight])


def woff(codepoints, weight="normal"):
    """NanumGothic (``weight`` "normal" or "bold") reduced to ``codepoints``, as WOFF bytes
    that browsers accept (no hinting, no VTT source tables)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "TSI0 dropped" and the like
    options = subset.Options()
    options.hinting = False
    options.flavor = "woff"
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG"]
    font = TTFont(_source(weight), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(codepoints)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def font_face_css(text):
    """``@font-face`` of :data:`FAMILY` with the glyphs of the non-ASCII characters of
    ``text`` inside (a data URL): put it in a page's style, and the family in its font
    stacks after the usual fonts."""
    data = base64.b64encode(woff(ord(c) for c in set(text) if ord(c) > 0x7F)).decode("ascii")
    return (f'@font-face {{ font-family: "{FAMILY}"; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}')


def lab_font_dir(cache=None):
    """A folder with ``NanumGothic.woff`` and ``NanumGothicBold.woff`` (the Hangul ranges),
    made on first use (a few seconds) and again only when the source fonts change."""
    if cache is None:
        from jupyter_core.paths import jupyter_data_dir

        cache = os.path.join(jupyter_data_dir(), "dlcourse", "fonts")
    stamp = hashlib.sha256()
    for weight in FACES:
        info = os.stat(_source(weight))
        stamp.update(f"{FACES[weight]}:{info.st_size}:{info.st_mtime_ns};".encode())
    folder = os.path.join(cache, stamp.hexdigest()[:16])
    if not all(os.path.exists(os.path.join(folder, _woff_name(w))) for w in FACES):
        os.makedirs(folder, exist_ok=True)
        codepoints = [c for first, last in HANGUL_RANGES for c in range(first, last + 1)]
        for weight in FACES:
            target = os.path.join(folder, _woff_name(weight))
            partial = f"{target}.{os.getpid()}.part"
            with open(partial, "wb") as f:
                f.write(woff(codepoints, weight))
            os.replace(partial, target)  # two servers starting at once both end up whole
    return folder


def _woff_name(weight):
    return FACES[weight].replace(".ttf", ".woff")
