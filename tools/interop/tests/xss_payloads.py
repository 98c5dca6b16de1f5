"""Hostile message contents for test_web_xss.py. Each one, if it ever ran script, would call
the page's trap `__xss(n)` (or `alert`, also trapped) with its number; every link form in it
uses a scheme the client must refuse (javascript:, data:, vbscript:, plain or obfuscated) or
tries to break out of an attribute. Groups: script tags, event handlers, URL schemes (with
case, whitespace, control character, percent and entity obfuscation), SVG, MathML, broken
markup and mutation-XSS, markdown link/image/autolink forms, template and style injection."""

from __future__ import annotations

B64_SCRIPT = "PHNjcmlwdD5wYXJlbnQuX194c3MoMTYpPC9zY3JpcHQ+"  # <script>parent.__xss(16)</script>
B64_SVG = ("PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIG9ubG9hZD0nX194c3MoNzEpJy8+")  # <svg ... onload='__xss(71)'/>

PAYLOADS: list[str] = [
    # script tags
    "<script>__xss(1)</script>",
    "<SCRIPT SRC=data:text/javascript,__xss(2)></SCRIPT>",
    "<scr<script>ipt>__xss(3)</scr</script>ipt>",
    "<<script>script>__xss(4)//<</script>/script>",
    "<script src=\"data:text/javascript,__xss(5)\"></script>",
    "</textarea><script>__xss(6)</script>",
    # event handlers
    "<img src=x onerror=__xss(7)>",
    "<img src=\"x\" onerror=\"__xss(8)\"/>",
    "<body onload=__xss(9)>",
    "<input autofocus onfocus=__xss(10)>",
    "<details open ontoggle=__xss(11)>x</details>",
    "<video><source onerror=__xss(12)></video>",
    "<audio src=x onerror=__xss(13)>",
    "<marquee onstart=__xss(14)>x</marquee>",
    "<div onmouseover=\"__xss(15)\" style=\"position:fixed;inset:0\">hover</div>",
    # URL schemes in markdown links
    f"[click](data:text/html;base64,{B64_SCRIPT})",
    "[click](javascript:__xss(17))",
    "[click](JaVaScRiPt:__xss(18))",
    "[click]( javascript:__xss(19))",
    "[click](java\tscript:__xss(20))",
    "[click](&#106;avascript:__xss(21))",
    "[click](&#x6A;avascript&colon;__xss(22))",
    "[click](javascript&colon;__xss(23))",
    "[click](vbscript:msgbox(24))",
    "[click](VBScript:__xss(25))",
    "[click](<javascript:__xss(26)>)",
    "[click](javascript://%0a__xss(27))",
    "[click](%6A%61vascript:__xss(28))",
    "[click](\u0001javascript:__xss(29))",
    "[click](jav&#x09;ascript:__xss(30))",
    "[click](data:text/html,<script>parent.__xss(31)</script>)",
    "[click](DATA:text/html,%3Cscript%3Eparent.__xss(32)%3C/script%3E)",
    "[a](https://example.org/\"onmouseover=\"__xss(33))",
    "[a](https://example.org/ \"title\" onmouseover=__xss(34))",
    # markdown images and autolinks
    "![x](javascript:__xss(35))",
    "![x](https://127.0.0.1/x.png\" onerror=\"__xss(36))",
    "![<svg onload=__xss(37)>](https://example.org/x.png)",
    "[<img src=x onerror=__xss(38)>](https://example.org)",
    "<https://example.org/\" onmouseover=\"__xss(39)>",
    "https://example.org/\"><script>__xss(40)</script>",
    "<javascript:__xss(41)>",
    "javascript:__xss(42)",
    "[ref]: javascript:__xss(43)\n\n[ref]",
    # raw links and frames
    "<a href=\"javascript:__xss(44)\">x</a>",
    "<a href=\"&#1;javascript:__xss(45)\">x</a>",
    "<a href=\"data:text/html,<script>__xss(46)</script>\">x</a>",
    "<iframe src=\"javascript:__xss(47)\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss(48)</script>\"></iframe>",
    "<object data=\"javascript:__xss(49)\"></object>",
    "<embed src=\"javascript:__xss(50)\">",
    "<form action=\"javascript:__xss(51)\"><button>x</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__xss(52)\">",
    "<base href=\"javascript:__xss(53)//\">",
    # SVG
    "<svg onload=__xss(54)>",
    "<svg><script>__xss(55)</script></svg>",
    "<svg><a xlink:href=\"javascript:__xss(56)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
    "<svg><animate onbegin=__xss(57) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:__xss(58) /></svg>",
    "<svg><foreignObject><iframe srcdoc=\"&lt;script&gt;parent.__xss(59)&lt;/script&gt;\"></iframe></foreignObject></svg>",
    # MathML
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss(60)>",
    "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:__xss(61)\">x</maction></math>",
    "<math href=\"javascript:__xss(62)\">x</math>",
    "<math><mi xlink:href=\"data:x,<script>__xss(63)</script>\">x</mi></math>",
    # broken markup and mutation XSS
    "<img src=\"x` onerror=__xss(64)>",
    "\"><img src=x onerror=__xss(65)>",
    "'-__xss(66)-'",
    "<noscript><p title=\"</noscript><img src=x onerror=__xss(67)>\">",
    "<!--<img src=\"--><img src=x onerror=__xss(68)//\">",
    "<xmp><p title=\"</xmp><img src=x onerror=__xss(69)>\">",
    "<svg></p><style><a id=\"</style><img src=1 onerror=__xss(70)>\">",
    f"[svg](data:image/svg+xml;base64,{B64_SVG})",
    # template and style injection
    "{{constructor.constructor('__xss(72)')()}}",
    "${__xss(73)}",
    "<template><script>__xss(74)</script></template>",
    "<style>@import 'javascript:__xss(75)';</style>",
    "<style>*{background:url(\"javascript:__xss(76)\")}</style>",
    "<div style=\"background-image:url(javascript:__xss(77))\">x</div>",
    "<link rel=stylesheet href=\"data:text/css,*{background:red}\">",
    # markdown structure around markup
    "> <img src=x onerror=__xss(79)>",
    "- <svg onload=__xss(80)>",
    "**<img src=x onerror=__xss(81)>**",
    "*<script>*__xss(82)*</script>*",
    "`<script>__xss(83)</script>`",
    "```html\n<script>__xss(84)</script>\n<img src=x onerror=__xss(84)>\n```",
    "@<img src=x onerror=__xss(85)>",
    "#<svg/onload=__xss(86)>",
    "\\<script>__xss(87)\\</script>",
    "[x](https://example.org) <a href=javascript:__xss(88)>y</a>",
]
