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
    "no picture yet": "还没有图片",
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
    "Generate": "生成", "Refine…": "精修…",
    "No panel selected": "未选择画格", "Panel {n}": "第{n}格", "Failed: {error}": "失败：{error}",
    "(continues from the previous panel)": "（沿用上一格）", "Retry": "重试", "Regenerate": "重新生成",
    "Edit {field}": "编辑 {field}", "New caption": "新旁白", "Select version": "选择版本",
    "e.g. make the background a night city": "例如：把背景改成夜晚的城市", "Refine": "精修",
    # the refine thread
    "Refine thread": "精修对话", "Click a version to use it; the next instruction continues from it.":
        "点击一个版本即可使用它；下一条指令会在它的基础上继续。",
    "No picture yet: generate this panel or drop an image on it, then refine it here.":
        "还没有图片：先生成这一格或把图片拖到它上面，再在这里精修。",
    "Next instruction, continuing from v{n}:": "下一条指令（在 v{n} 的基础上继续）：", "Next instruction:": "下一条指令：",
    "Ctrl+Enter": "Ctrl+回车", "from v{n}": "来自 v{n}", "refined from a version no longer in the project": "由一个已不在项目中的版本精修而来",
    "imported {name}": "导入的 {name}", "imported": "导入的", "drawn from the script ({backend})": "根据脚本绘制（{backend}）",
    "Refining: “{words}”…": "正在精修：“{words}”…", "“{words}” failed: {error}": "“{words}”失败：{error}",
    "the same picture, kept for “{line}”": "同一张图，为“{line}”保留",
    "Make this last? From panel {n} on, {name}:": "要一直保持吗？从第{n}格起，{name}：",
    "Adds “{line}” to this panel of the script; later panels with {name} follow it (and need drawing again).":
        "在脚本的这一格加入“{line}”；之后有{name}的画格都会照此绘制（需要重新生成）。",
    "The lasting detail as it goes into the script; edit it if you like": "写入脚本的持续细节，可以先修改",
    "Add to script": "加入脚本", "Not a lasting change": "不是持续的变化", "Add “{line}” to the script": "把“{line}”加入脚本",
    "{label} is being drawn already; refine it when that has finished.": "{label}正在绘制，请等它完成后再精修。",
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
    # Qt's standard buttons and text-box menus: PySide6-Essentials ships no Chinese catalogue of Qt's own
    "OK": "确定", "Save": "保存", "Save All": "全部保存", "Open": "打开", "&Yes": "是(&Y)", "Yes to &All": "全部是(&A)",
    "&No": "否(&N)", "N&o to All": "全部否(&O)", "Abort": "中止", "Ignore": "忽略", "Close": "关闭",
    "Discard": "不保存", "Don't Save": "不保存", "Help": "帮助", "Apply": "应用", "Reset": "重置",
    "Restore Defaults": "恢复默认", "Cu&t": "剪切(&T)", "&Copy": "复制(&C)", "&Paste": "粘贴(&P)", "Delete": "删除",
    "Select All": "全选", "Copy &Link Location": "复制链接地址(&L)",
    # saving and generation runs
    "Saving {name}…": "正在保存 {name}…", "Drawing the preview…": "正在绘制预览…", "Draw {n} pictures": "绘制 {n} 幅图片",
    # translated editions (ui/edition_actions.py, ui/edition_lines.py, the export dialog's Edition)
    "E&ditions": "版本(&D)", "&Translate into…": "翻译成(&T)…", "Translate into…": "翻译成…", "Show": "显示",
    "Original": "原文", "Edition": "版本", "Language": "语言", "Translate": "翻译", "Translation": "译文",
    "Title": "标题", "Name": "名字", "State": "状态", "by hand": "手动修改", "machine": "机器翻译", "untranslated": "未翻译",
    "{n} untranslated": "{n} 句未翻译", "Edit translation": "修改译文", "Translating": "翻译",
    "Cannot translate": "无法翻译", "Translation failed": "翻译失败", "Translate into {name}": "翻译成{name}",
    "Translate every line and the title into another language, as an edition": "把每句台词和标题翻译成另一种语言，作为一个版本",
    "Every line of this edition is translated already; nothing was sent.": "此版本的每一句都已翻译，没有发送任何请求。",
    "Translated {n} lines into {name}.": "已将 {n} 句翻译成{name}。",
    "Translating into {name}: {n} request(s)…": "正在翻译成{name}：{n} 个请求…",
    "Translating into {name}…": "正在翻译成{name}…", "Translating: part {done} of {total}": "正在翻译：第 {done} / {total} 部分",
    "Translate every line again, replacing corrections made by hand": "重新翻译每一句，包括手动修改过的译文",
    "The pictures stay as they are; only the words are translated and typeset again.": "图片保持不变，只翻译文字并重新排版。",
    "Words in the {name} edition (edit a translation to correct it)": "{name}版本的文字（可直接修改译文）",
    "Not translated yet: the original words are used. Type a translation, or use Editions ▸ Translate into… again.":
        "尚未翻译：导出时使用原文。可在此输入译文，或再次使用“版本 ▸ 翻译成…”。",
    # the animatic (ui/animatic_dialog.py)
    "Export &Animatic…": "导出动态分镜(&A)…", "Export Animatic": "导出动态分镜",
    "Balloons over the picture": "对白气泡叠在画面上", "Subtitles under the picture": "字幕在画面下方",
    "Dialogue": "对白", "Slow push-in on wide shots": "全景和远景镜头缓慢推近", "Camera": "镜头", "Size": "尺寸",
    "{n} panel(s) have no picture yet and show as empty frames; draw them first with Generate ▸ Generate Missing Panels.":
        "{n} 个画格还没有图片，将显示为空画框；请先用“生成 ▸ 生成缺少的画格”作画。",
    "Pause": "暂停", "Play": "播放", "Preparing the preview…": "正在准备预览…", "Cancel Export": "取消导出",
    "Close": "关闭", "The project has no panels.": "项目中没有画格。",
    "Panel {n} of {total} · {s:.1f} s · {at:.1f} / {length:.1f} s": "第 {n} 格 / 共 {total} 格 · {s:.1f} 秒 · {at:.1f} / {length:.1f} 秒",
    "Video (*.mp4);;Animated GIF (*.gif)": "视频 (*.mp4);;动图 GIF (*.gif)", "Writing {name}…": "正在写入 {name}…",
    "Wrote {path}.": "已写入 {path}。",
    # ComfyUI (ui/comfyui_settings.py)
    "ComfyUI server (Stable Diffusion, Flux)": "ComfyUI 服务器（Stable Diffusion、Flux）",
    "ComfyUI server (your own Stable Diffusion or Flux models)": "ComfyUI 服务器（你自己的 Stable Diffusion 或 Flux 模型）",
    "Test connection": "测试连接", "Checkpoint": "模型检查点", "(the workflow's own)": "（工作流自带）",
    "Steps": "步数", "the workflow's own": "工作流自带", "Workflow": "工作流", "Your own…": "自己的…",
    "SDXL (built in, IP-Adapter for character sheets)": "SDXL（内置，角色设定图用 IP-Adapter）",
    "Flux (built in, Redux for character sheets)": "Flux（内置，角色设定图用 Redux）",
    "Asking the server…": "正在询问服务器…", "It has no checkpoint named {name}.": "服务器上没有名为 {name} 的检查点。",
    "A workflow saved with ComfyUI's Save (API)": "用 ComfyUI 的“Save (API)”保存的工作流",
    "Using the workflow {name}.": "使用工作流 {name}。",
    # style picker
    "St&yle…": "风格(&Y)…", "Choose the art style of every panel, or of this panel": "选择所有画格或当前画格的画风",
    "Choose a Style": "选择画风", "Every panel is drawn in the style you pick. Offline sketches show it too.":
        "所有画格都会按所选画风绘制，离线草图也一样。",
    "No preset (your own words)": "不用预设（自己描述）", "Only the words you write in the Style line.": "只用你在“风格”行写的文字。",
    "Only for {panel} (a dream, a flashback)": "仅用于{panel}（梦境、回忆）", "Keep your own words: “{words}”": "保留你写的文字：“{words}”",
    "Panel {n}": "第{n}格", "Choose style": "选择画风",
    # drafting a script with a text model
    "New from &Idea…": "从想法新建(&I)…", "Draft a script from an idea or a story with a text model": "用文本模型从想法或故事起草脚本",
    "New from Idea": "从想法新建",
    "Describe an idea, or paste a story or a chat answer. A text model turns it into a script with characters, "
    "settings and panels, which you can then edit.": "描述一个想法，或粘贴一个故事或聊天回答。文本模型会把它写成包含角色、场景和画格的脚本，之后你可以随意修改。",
    "A little fox's adventure in the forest, 8 pages, for 4-year-olds": "小狐狸在森林里的冒险，8 页，给 4 岁的孩子",
    "Script language": "脚本语言", "Panels": "画格数", "A picture book has one panel per page.": "绘本每页一格。",
    "Draft": "起草", "Write an idea or paste a story first.": "请先写下想法或粘贴故事。",
    "Drafting with {model}… this can take a minute.": "正在用 {model} 起草……可能需要一分钟。",
    "Cancelled; nothing was changed.": "已取消，没有任何改动。", "Replace the script?": "替换脚本？",
    "A draft replaces the script in the editor. You can undo it with Edit ▸ Undo.": "草稿会替换编辑器中的脚本。可以用“编辑 ▸ 撤销”恢复。",
    "Draft from idea": "从想法起草", "Type a script, or": "输入脚本，或", "Draft One from an Idea…": "从想法起草一个…",
    "Text model": "文本模型", "Load a Story from a File…": "从文件载入故事…", "Load a story": "载入故事",
    "Text (*.txt *.md);;All files (*)": "文本 (*.txt *.md);;所有文件 (*)",
    "The model that drafts scripts (File ▸ New from Idea…); the server URL above is used for it too.":
        "起草脚本所用的模型（文件 ▸ 从想法新建…）；上面的服务器地址同样适用。",
    "Bleed": "出血",
    "Print-shop PDF (CMYK, PDF/X-1a style)": "印刷厂 PDF（CMYK，PDF/X-1a 风格）",
    "EPUB picture book (e-readers)": "EPUB 绘本（电子书阅读器）",
    # photos (ui/photo_import.py, the characters panel)
    "Use a photo": "使用照片", "Use as is": "原样使用", "Restyle": "按风格重绘", "Restyle {label}": "按风格重绘{label}",
    "Use {name} for this panel as it is, or redraw it in the panel's style?": "将 {name} 原样用于这一格，还是按这一格的风格重绘？",
    "Either way the photo is kept as a version of the panel.": "无论哪种方式，照片都会保留为这一格的一个版本。",
    "Sheet from photo…": "从照片生成设定图…", "Sheet from photo": "从照片生成设定图",
    "Photos and images (*.jpg *.jpeg *.png *.webp)": "照片和图片 (*.jpg *.jpeg *.png *.webp)",
    "Draw the sheet from a photo of the character, in the project's style": "根据角色的照片，按项目风格绘制设定图",
}
