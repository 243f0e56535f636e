"""Chinese (Simplified) interface strings, keyed by the English source text."""
from __future__ import annotations

ZH: dict[str, str] = {
    # menus and actions
    "&File": "文件(&F)", "&Edit": "编辑(&E)", "&Generate": "生成(&G)", "&Help": "帮助(&H)",
    "&New": "新建(&N)", "&Open…": "打开(&O)…", "Open &Example (the snail strip)": "打开示例（蜗牛四格）(&E)",
    "Open &Recent": "最近打开(&R)", "&Save": "保存(&S)", "Save &As…": "另存为(&A)…",
    "&Import Script…": "导入脚本(&I)…", "Import &Images to Panel…": "导入图片到画格(&I)…", "&Export…": "导出(&E)…",
    "Se&ttings…": "设置(&T)…", "&Quit": "退出(&Q)", "&Undo": "撤销(&U)", "&Redo": "重做(&R)",
    "&Insert Panel": "插入画格(&I)", "&Duplicate Panel": "复制画格(&D)", "De&lete Panel": "删除画格(&L)",
    "Move Panel &Earlier": "画格前移(&E)", "Move Panel &Later": "画格后移(&L)",
    "&Generate Missing Panels": "生成缺少的画格(&G)", "Generate &Selected": "生成所选(&S)",
    "&Regenerate Selected": "重新生成所选(&R)", "Re&fine…": "精修(&F)…", "&Cancel Generation": "取消生成(&C)",
    "How to Use &OpenAI": "如何使用 OpenAI(&O)", "&About Panelsmith": "关于 Panelsmith(&A)", "Main": "主工具栏",
    "Draw every panel that has no current picture": "为所有没有最新图片的画格作画",
    "Undo {what}": "撤销 {what}", "Redo {what}": "重做 {what}",
    "Using OpenAI": "使用 OpenAI",
    "Panelsmith: write a panel-by-panel script, draw every panel with the same characters, and export a strip, "
    "a picture book or a comic.": "Panelsmith：逐格写脚本，用一致的角色画出每一格，导出条漫、绘本或漫画。",
    "Panelsmith draws offline sketches until it has an OpenAI API key.\n\nTo switch on OpenAI: open File ▸ Settings…, "
    "paste your API key (it is kept in your system's keyring, never in a project), and choose the backend “OpenAI”. "
    "Or start Panelsmith with the OPENAI_API_KEY environment variable set.\n\nAn OpenAI-compatible server works too: "
    "choose “OpenAI-compatible” and enter its URL.":
        "在设置 OpenAI API 密钥之前，Panelsmith 会绘制离线草图。\n\n启用 OpenAI：打开“文件 ▸ 设置…”，粘贴 API 密钥"
        "（密钥保存在系统钥匙串中，绝不写入项目），并选择“OpenAI”。也可以在启动前设置 OPENAI_API_KEY 环境变量。\n\n"
        "也可以使用兼容 OpenAI 的服务器：选择“兼容 OpenAI 的服务器”并填写其地址。",
    # window
    "Script": "脚本", "Panel": "画格", "Characters": "角色", "Cancel": "取消", "%v of %m": "%v / %m",
    "estimated cost ${cost:.2f}": "预计费用 ${cost:.2f}", "Drawing panels: {done} of {total}": "正在作画：{done} / {total}",
    "Finished {total} panels": "已完成 {total} 个画格", "Untitled": "未命名",
    "Offline sketches are on (no OpenAI API key). To use OpenAI, open File ▸ Settings… and enter a key, or set "
    "OPENAI_API_KEY. Press Ctrl+G to draw the panels.":
        "当前使用离线草图（未设置 OpenAI API 密钥）。要使用 OpenAI，请打开“文件 ▸ 设置…”输入密钥，或设置 OPENAI_API_KEY。按 Ctrl+G 开始作画。",
    "Press Ctrl+G to draw every panel that has no picture yet.": "按 Ctrl+G 为所有还没有图片的画格作画。",
    "Edit script": "编辑脚本", "Move panels": "移动画格", "Describe what this panel shows.": "描述这一格画面的内容。",
    "Insert panel": "插入画格", "Duplicate panels": "复制画格", "Delete panels": "删除画格",
    "Settings could not be saved: {error}": "设置无法保存：{error}", "Exporting to {name}…": "正在导出到 {name}…",
    "Exported {n} file(s): {first}": "已导出 {n} 个文件：{first}", "Export failed": "导出失败",
    # files
    "Open project or script": "打开项目或脚本", "Cannot open": "无法打开", "No recent files": "没有最近的文件",
    "Save project": "保存项目", "Not saved": "未保存", "Saved {name}": "已保存 {name}", "Unsaved changes": "未保存的更改",
    "Save the changes to {name} before closing it?": "关闭前保存对 {name} 的更改吗？", "Import script": "导入脚本",
    "Scripts (*.txt *.md);;All files (*)": "脚本 (*.txt *.md);;所有文件 (*)", "Cannot import": "无法导入",
    "Import images": "导入图片", "Import image": "导入图片", "Some images were not imported": "部分图片未能导入",
    "Images (*.png *.jpg *.jpeg *.webp)": "图片 (*.png *.jpg *.jpeg *.webp)",
    "Projects and scripts (*.panels *.txt *.md);;All files (*)": "项目和脚本 (*.panels *.txt *.md);;所有文件 (*)",
    "Panelsmith project (*.panels)": "Panelsmith 项目 (*.panels)",
    "an untitled project": "未命名项目", "Restore unsaved work?": "恢复未保存的工作？",
    "Panelsmith did not close properly last time. Restore the unsaved changes to {name} (autosaved {when})?":
        "Panelsmith 上次没有正常关闭。要恢复 {name} 未保存的更改吗（自动保存于 {when}）？",
    "Cannot restore": "无法恢复",
    # generation
    "Drawing offline sketches: no OpenAI API key is set. To use OpenAI, open Settings and enter a key "
    "(or set OPENAI_API_KEY), then choose the OpenAI backend.":
        "正在绘制离线草图：未设置 OpenAI API 密钥。要使用 OpenAI，请打开设置输入密钥（或设置 OPENAI_API_KEY），再选择 OpenAI。",
    "Every panel already has a current picture.": "每个画格都已有最新的图片。", "Refine {label}": "精修 {label}",
    "Draw {label}": "绘制 {label}", "{n} failed: {first}": "{n} 个失败：{first}",
    # board and inspector
    "not drawn yet": "尚未绘制", "queued": "排队中", "drawing…": "绘制中…", "ready": "完成", "out of date": "已过时",
    "failed": "失败", "cancelled": "已取消", "(any)": "（任意）", "Shot": "镜头", "Setting": "场景", "Action": "画面",
    "Lines (typeset, never drawn by the image model)": "台词（由排版生成，不交给图像模型绘制）", "Speaker": "说话人",
    "Kind": "类型", "Words": "文字", "Add line": "添加台词", "Remove line": "删除台词",
    "Prompt sent to the image model (read-only)": "发送给图像模型的提示词（只读）",
    "Versions (click one to use it)": "版本（点击使用）", "Generate": "生成", "Refine…": "精修…",
    "No panel selected": "未选择画格", "Panel {n}": "第{n}格", "Failed: {error}": "失败：{error}",
    "(continues from the previous panel)": "（沿用上一格）", "Retry": "重试", "Regenerate": "重新生成",
    "Edit {field}": "编辑 {field}", "New caption": "新旁白", "Select version": "选择版本",
    "Refine {panel}": "精修{panel}",
    "How should the picture change? The current version is kept; the result is a new version.":
        "画面要怎样修改？当前版本会保留，结果将成为新版本。",
    "e.g. make the background a night city": "例如：把背景改成夜晚的城市", "Refine": "精修",
    "Line {line}: {message}": "第 {line} 行：{message}",
    # shots and line kinds (shown translated; stored in their canonical English names)
    "extreme wide": "远景", "wide": "全景", "medium": "中景", "close-up": "特写", "extreme close-up": "大特写",
    "over-the-shoulder": "过肩", "bird's-eye": "俯视", "low angle": "仰视",
    "speech": "对白", "thought": "心想", "whisper": "低语", "shout": "大喊", "caption": "旁白", "sfx": "音效",
    # characters
    "Name": "名字", "Description": "描述", "Reference sheet (sent with every panel this character is in)":
        "设定图（随该角色出现的每一格一起发送）", "No reference sheet yet": "还没有设定图", "Generate sheet": "生成设定图",
    "Import sheet…": "导入设定图…", "Edit character": "编辑角色", "Rename character": "重命名角色",
    "Import reference sheet": "导入设定图",
    # preview and page settings
    "Previous page": "上一页", "Next page": "下一页", "Zoom out": "缩小", "Zoom in": "放大", "Fit": "适应",
    "Fit the page in the window": "让整页适应窗口", "Layout": "版式", "Page": "页面", "Page settings…": "页面设置…",
    "Margins, gutters, borders, reading direction": "边距、间隔、边框、阅读方向", "Page {n} of {count}": "第 {n} 页，共 {count} 页",
    "{n} lettering warnings": "{n} 条排字警告", "Change page settings": "更改页面设置", "Move balloon": "移动对白框",
    "Aim balloon tail": "调整对白框尾巴", "Edit words": "编辑文字", "Words in this balloon:": "对白框中的文字：",
    "Page settings": "页面设置", "Margin (mm)": "边距（毫米）", "Padding around panels (mm)": "画格外围留白（毫米）",
    "Gutter between panels (mm)": "画格间隔（毫米）", "Border width (pt)": "边框宽度（磅）", "Border colour": "边框颜色",
    "Corner radius (mm)": "圆角半径（毫米）", "Background": "背景", "Left to right": "从左到右",
    "Right to left (manga)": "从右到左（日漫）", "Reading direction": "阅读方向", "Export DPI": "导出 DPI",
    "Grid rows": "网格行数", "Grid columns": "网格列数", "In a band under the picture": "在图片下方的文字栏中",
    "In balloons over the picture": "在图片上的对白框中", "Picture-book words": "绘本文字",
    # export
    "Export": "导出", "PNG image (one per page)": "PNG 图片（每页一张）", "PDF picture book (print)": "PDF 绘本（印刷）",
    "CBZ comic": "CBZ 漫画", "Panel images (a folder)": "画格图片（文件夹）", "Format": "格式", "Page size": "页面尺寸",
    "Resolution (DPI)": "分辨率（DPI）", "Add 0.125 in bleed on every side (for printers)": "每边加 0.125 英寸出血（供印刷）",
    "Print": "印刷", "Choose…": "选择…", "Save to": "保存到", "Print check": "印前检查", "Check": "检查",
    "Folder for panel images": "画格图片的文件夹", "Export to": "导出到", "Checking…": "检查中…",
    "{n} warnings. Export anyway, or fix them first.": "{n} 条警告。可以直接导出，或先修正。", "Ready to print.": "可以印刷。",
    "Choose where to save the export.": "请选择导出保存的位置。",
    # settings
    "Settings": "设置", "Automatic (OpenAI when a key is set, else offline sketches)": "自动（有密钥时用 OpenAI，否则离线草图）",
    "Offline sketches (free, no network)": "离线草图（免费，无需网络）", "OpenAI": "OpenAI",
    "OpenAI-compatible server": "兼容 OpenAI 的服务器", "Images from": "图片来源", "Server URL": "服务器地址", "Model": "模型",
    "Quality": "质量", "Images at once": "同时生成数", "Default layout": "默认版式", "Default page size": "默认页面尺寸",
    "Interface language": "界面语言", "paste a key to store it": "粘贴密钥以保存", "Forget stored key": "删除已保存的密钥",
    "OpenAI API key": "OpenAI API 密钥",
    "A new interface language applies the next time Panelsmith starts.": "新的界面语言将在下次启动 Panelsmith 时生效。",
    "A key is set in the OPENAI_API_KEY environment variable.": "已在环境变量 OPENAI_API_KEY 中设置密钥。",
    "A key is stored in your system keyring.": "密钥已保存在系统钥匙串中。",
    "A key is stored in a file only you can read (no system keyring was found).": "密钥保存在只有你能读取的文件中（未找到系统钥匙串）。",
    "No API key is set: panels are drawn as offline sketches. Paste a key above to use OpenAI.":
        "未设置 API 密钥：画格将以离线草图绘制。在上方粘贴密钥即可使用 OpenAI。",
    # style picker
    "St&yle…": "风格(&Y)…", "Choose the art style of every panel, or of this panel": "选择所有画格或当前画格的画风",
    "Choose a Style": "选择画风", "Every panel is drawn in the style you pick. Offline sketches show it too.":
        "所有画格都会按所选画风绘制，离线草图也一样。",
    "No preset (your own words)": "不用预设（自己描述）", "Only the words you write in the Style line.": "只用你在“风格”行写的文字。",
    "Only for {panel} (a dream, a flashback)": "仅用于{panel}（梦境、回忆）", "Keep your own words: “{words}”": "保留你写的文字：“{words}”",
    "Panel {n}": "第{n}格", "Choose style": "选择画风",
    # photos (ui/photo_import.py, the characters panel)
    "Use a photo": "使用照片", "Use as is": "原样使用", "Restyle": "按风格重绘", "Restyle {label}": "按风格重绘{label}",
    "Use {name} for this panel as it is, or redraw it in the panel's style?": "将 {name} 原样用于这一格，还是按这一格的风格重绘？",
    "Either way the photo is kept as a version of the panel.": "无论哪种方式，照片都会保留为这一格的一个版本。",
    "Sheet from photo…": "从照片生成设定图…", "Sheet from photo": "从照片生成设定图",
    "Photos and images (*.jpg *.jpeg *.png *.webp)": "照片和图片 (*.jpg *.jpeg *.png *.webp)",
    "Draw the sheet from a photo of the character, in the project's style": "根据角色的照片，按项目风格绘制设定图",
}
