"""English cues of the rules backend: what an English call says when it decides, commits, worries or wishes."""

from summarizer.lang.cues import Cues

#: what a task handed out in a meeting does: an activity in progress ("be working on"), or a verb of work
_TASK = (r"(?:be (?!going\b|getting\b|having\b|seeing\b|sitting\b|able\b)[a-z]+ing\b|try to\b|work on\b"
         r"|(?:take a )?look (?:into|at|for|on)\b|research\b|prepare\b|think about\b|find out\b|start [a-z]+ing\b|check\b"
         r"|write\b|evaluate\b|build\b|design\b|focus on\b|fill (?:in|out)\b|finish\b|take care of\b)")

CUES = Cues(
    wish=(r"\bit would be (nice|great|good)", r"\bsomeday\b", r"\bone day\b", r"\bideally\b", r"\bi'd love\b"),
    hypothetical=(r"\bif (we|you|the|budget|it)\b.*\b(could|would|might)\b", r"\bhypothetically\b", r"\bmaybe we could\b",
                  r"\bwhat (?:we|you) (?:can|could) do is\b"),
    vague=(r"\bsome ?time\b", r"\bat some point\b", r"\bwe'll see\b", r"\bwhenever you (?:want|like|need|wish)\b"),
    question_start_words=("could you", "can you", "would you", "do you", "shall we", "will you", "is it", "are we", "is everybody",
                          "is everyone"),
    accept_words=("yes", "sure", "of course", "no problem", "will do", "absolutely", "certainly", "sounds good", "deal"),
    question_tag_words=("right", "ok", "does that work( for you)?", "is that ok", "sounds good"),
    weak_verb_words=("look", "think", "try", "be", "have", "talk"),
    refuse_words=(r"no\b", "not (now|sure)"),
    assignment=(
        # the chair hands a task to the listener: "you two will be working on…", "you will try to get…"
        r"\byou(?: two| guys| both| all)? (?:will|'ll|are going to|'re going to|'re gonna|are gonna|gonna) " + _TASK,
        # … or softens it: "maybe you can look at what trends are in this market" (not "right now": done in the meeting)
        r"\b(?:maybe|perhaps) you can " + _TASK + r"(?!.*\bnow\b)",
        # the whole team, or the speaker, takes a task: "everyone's gonna go finish their questionnaire"
        r"\b(?:everyone|everybody|we all|we're all|you all)(?:'s| is| are)? (?:gonna|going to|will|'ll|have to|has to) (?:go )?" + _TASK,
        r"\bwe(?:'re| are) supposed to " + _TASK, r"\bwe (?:have to|gotta|got to|need to) fill (?:in|out)\b",
        r"\bi'?m (?:gonna|going to) (?:make|write|take|type|put|send|check|prepare)\b",
    ),
    named_task=(r"\b<NAME>,? (?:will|is going to|'s going to|is gonna|'s gonna|are going to|'re going to) " + _TASK,),
    # a promise to the listener ("I'll do the training for you") is a sales promise: the cue rules read those
    task_form=(r"\b(?:i|we|you(?: two| guys| both| all)?)(?:'ll| will| am going to|'m going to|'m gonna| are going to|'re going to"
               r"|'re gonna| are gonna)(?!.*\b(?:to you|for you|let you know)\b)\s+(?:be\s+(?!able\b))?[a-z]+",),
    cut_off=(r"\b(?:the|a|an|at|to|of|for|with|and|or|but|your|our|my|their|the next)\W*$",),  # not "come back in"
    hedge=(r"\b(?:maybe|perhaps|probably|possibly|someone'll|somebody'll)\b", r"\bi (?:guess|suppose|reckon)\b"),
    reversal=(r"\b(?:actually|instead|in the end|scratch that|change of plan|on second thought|rather than)\b",),
    decision_reported=(
        r"\b(?:we|i|they|you)(?: have|'ve| had|'d)? (?:already |all )?(?:decided|agreed)\b(?!.*\b(?:now|today)\b)",
        r"\b(?:last|previous|the other) (?:meeting|time|session)\b",
    ),
    # and the meeting's own agenda: which presentation, slide or item comes next
    small_talk=(r"\b(?:lunch|coffee|tea|break|drinks?)\b", r"\b(?:presentations?|agenda|slides?)\b"),
    said_now=(
        r"\b(?:i|we)(?:'ll| will|'m going to|'m gonna| am going to| are going to|'re going to|'re gonna) (?:\w+ ){0,2}"
        r"(?:show you|present|talk about|discuss|consider|go through|tell you about|explain)\b",
        r"\b(?:i'll|i will|let me) (?:just |now |quickly )?(?:call|bring|pull|put) (?:\w+ ){0,3}(?:back )?up\b",
        r"\b(?:today|now|first|then|next)\b,? (?:\w+ )?(?:we|i)(?:'ll| will| are going to|'re going to|'re gonna| am going to|'m going to|'m gonna)"
        r" (?:\w+ )?(?:talk|discuss|go (?:through|over)|look at|start|present|hear|cover)\b",
        r"\bsee (?:you|each other)\b", r"\bmove on to\b", r"\bfor a (?:second|sec|moment|minute)\b",
    ),
    proposal_action=(r"\b(?:i (?:would |'d )?(?:suggest|propose)|my proposal is)\s+(?:that\s+)?(?=we\b)",),
    proposal=(r"\bi (?:would |'d )?(?:suggest|propose)\b(?! (?:that|we|you)\b)", r"\bmy proposal is\b", r"^(?:so,? )?how about\b",
              r"^(?:so,? )?what about\b"),
    proposal_not_decision=(r"^\s*:", r"\b(?:then|first|agenda|same time)\b", r"\bnext (?:meeting|call|review|session|steerco)\b",
                           r"\ba (?:call|meeting|session)\b", r"\bwe have (?:an|\w+) (?:hour|minutes)\b", r"\b\w+ minutes\b"),
    slot_words=(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|o'clock|morning|afternoon|week|next|every|same|noon|"
                r"tomorrow|am|pm",),
    decision_condition=(r"^\W*(?:and |but )?(?:if|unless)\b", r"\bprovided that\b"),
    reservation=(r"^\W*(?:and |but )?(?:unless\b|if\b[^,;]*\b(?:not|\w+n't)\b)[^,;]*[.!]?\s*$",),
    recap=(r"\bto sum up\b", r"\bto recap\b", r"\blet me (?:sum up|recap)\b"),
    candour=(r"\bi'll be (?:honest|frank|upfront|straight)\b",
             r"\bfull disclosure\b", r"\bin all honesty\b", r"^\W*but (?:be careful|watch out)\b", r"\bi (?:have|need) to (?:warn|tell) you\b",
             r"\bi won't lie\b", r"\bnot gonna lie\b", r"\bbetween us\b"),
    past_event=(r"\bthere (?:was|were|have been|has been)\b", r"\b(?:we|they|it) (?:had|was|were)\b"),
    decision_anaphor=(r"\blet's do (?:it|that|this)\s*[.!]?$", r"\bwe're in\s*[.!]?$", r"\blet's go ahead\s*[.!]?$"),
    deadline_words=(r"at the latest|latest|max|say|or so|is that ok|does that work|then|so|and|or|the|by|on|before|for|at",),
    concession_ok=(r"\bbut (?:it's|it is|that's|it's still|it remains) (?:quite |perfectly )?(?:doable|manageable|feasible|fine)\b",
                   r"\bbut we(?:'ll| will) (?:manage|make it)\b", r"\bno (?:problem|issue|risk)\b", r"\bnot (?:a|an) (?:problem|issue)\b",
                   r"\b(?:i'm|we're|i am|we are) not (?:at all )?worried\b"),
    agreement=(r"let's do (?:it|that)\b", r"fine\b", r"sounds good\b", r"deal\b", r"agreed\b", r"(?:that )?works for (?:me|us)\b",
               r"that works\b", r"okay\b", r"ok\b", r"perfect\b", r"great\b", r"go ahead\b", r"good idea\b", r"yes\b", r"yeah\b"),
    agreement_but=(r"\bbut\b", r"\bunless\b", r"\bif\b", r"\bnot\b", r"\bexcept\b", r"\brather\b"),
    decision=(
        r"\bwe('ll| will)? go with\b", r"\bwe('re| are) going with\b", r"\bagreed\b", r"\bwe decided\b", r"\bwe('ve| have) decided\b",
        r"\blet's go (with|for)\b(?! (?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\W*$)", r"\bapproved\b", r"\bdeal on\b", r"\bwe('ll| will) sign\b", r"\bwe confirm\b", r"\bwe('re| are) in\W*$",
        r"\bwe('ll| will) move forward with\b", r"\bwe('ll| will)? go ahead with\b", r"\blet's go ahead\b", r"\bgreen light\b",
        r"^\W*(?:(?:yes|yeah|okay|ok|right|so|then|good)\W+)*let's do (?:it|that|this)\b",
        # a yes that takes what was put up, named: "Yes, let's do the workshop." (not "Okay, let's do the agenda")
        r"^\W*(?:yes|yeah|sure|great|perfect)\W+let's (?:do|book|schedule|set up) (?:the|a|an)\b",
    ),
    first_singular_words=("i", "i'll"),
    # writing a document up and pricing an item are deliverables too (« rédiger », « chiffrer »); "price" only as a verb
    send_verb_words=(r"send\w*", "sent", r"share(?:s|d(?! (?:\w+ )?(?:folder|drive|space|workspace|documents?))|ing)?", r"prepare\w*", r"forward\w*", r"draft\w*", r"provide\w*",
                     r"writ(?:e|ing) (?:it |them |this |that )?up", r"pric(?:e|ing) (?:the|it|them|this|that|our|your)",
                     r"includ(?:e|ing) (?:it|them|this|that|the [\w -]+?) in (?:the|my|our|your) (?:\w+ )?"
                     r"(?:note|report|proposal|quote|deck|document|summary|e-?mail|presentation|slides|write-up|pack)\b"),
    action_verb_words=(r"schedul\w*", "set up", r"book\w*", r"call\w*", r"review\w*", "follow up", "get back", "run", "loop in",
                       r"invite\w*", r"arrange\w*", r"confirm\w*"),
    commit_markers=(
        r"\b(i|we)('ll| will| am going to| are going to| can)\s+(<SEND>|<ACTION>)\b",
        r"\b(i|we)('ll| will)\b",
        r"\byou('ll| will)\s+(<SEND>|<ACTION>)\b",
    ),
    request_words=("could you", "can you", "would you"),
    strong_subject_words=("i'll", "we'll", "i will", "we will", "i can", "we can"),
    strong_object_words=("you ", "it ", "them "),
    strong_verb_words=(r"complete\w*", "get you", r"introduce\w*", r"organi[sz]e\w*", r"schedul\w*", "set up", r"book\w*",
                       r"arrange\w*", "follow up", "get back"),
    deliverable_nouns=(
        r"\bproposal\b", r"\bquote\b", r"\bcontract\b", r"\bdeck\b", r"\breport\b", r"\bfile\b", r"\bdata\b", r"\bdocument\w*\b",
        r"\bsummary\b", r"\bpricing\b", r"\b(?:a|an|the|short|brief|written|technical) note\b", r"\bestimate\b", r"\bcase stud\w+\b", r"\baccess\b", r"\bspreadsheet\b", r"\blist\b",
    ),
    meeting_noun_words=("meeting", "demo", "workshop", "session"),
    risk=(
        r"\brisk\w*\b", r"\bconcern\w*\b", r"\bworr\w+\b", r"\bblock\w*\b", r"(?<!\bit )(?<!\bit really )(?<!\bit all )(?<!\bit d )(?<!\bthat )\bdepend\w*\b", r"\bnot (yet )?(approved|budgeted|signed)\b",
        r"\b(isn't|aren't) (yet )?approved\b", r"\bcheaper\b", r"\b(has|have) to pass\b", r"\bmust pass\b", r"\bwe need (soc|iso)\b",
        r"\bcompetit\w+\b", r"\bdelay\w*\b", r"\btight\b", r"\bissue\b", r"\bchalleng\w+\b",
        r"\b(?:a|the) (?:real )?problem\b", r"\btricky\b", r"\bdifficult\b", r"\bmust (?:agree|approve|sign off)\b",
    ),
    risk_categories={
        "budget": (r"\bcost\w*\b", r"\bprice\w*\b", r"\bexpensive\b"),
        "legal": (r"\blegal\b", r"\bgdpr\b", r"\bcompliance\b", r"\bcontract\w*\b", r"\blawyer\w*\b"),
        "it_security": (r"\bsecurity\b", r"\bit team\b", r"\bintegration\w*\b", r"\bsap\b"),
        "planning": (r"\btimeline\b", r"\bdeadline\b", r"\bdelay\w*\b", r"\bschedule\b", r"\bbandwidth\b"),
        "competition": (r"\bcompetit\w+\b", r"\brfp\b", r"\bother vendors?\b"),
    },
    mitigation=(r"\bto mitigate\b", r"\bwe can (offer|provide|propose|arrange|set up)\b", r"\bto address (this|that)\b",
                r"\bwe('ll| will) (provide|offer)\b"),
    severity_high=(r"\bblocker\b", r"\bcritical\b", r"\bdeal[- ]breaker\b", r"\bshow[- ]?stopper\b"),
    severity_low=(r"\bminor\b", r"\bsmall\b", r"\bslight\w*\b"),
    figure_unit_words=("users?", "employees?", "trucks?", "stores?", "hours?", "days?", "months?", "years?", "seats?"),
    pain=(r"\bwaste\w*\b", r"\bmanual\w*\b", r"\berrors?\b", r"\bno visibility\b", r"\bstruggl\w+\b", r"\bpainful\b"),
    criteria=(r"\bmust[- ]have\b", r"\bcriteria\b", r"\bwhat matters\b", r"\bwe need\b", r"\brequirement\w*\b", r"\bpriority\b"),
    decision_process=(r"\bcommittee\b", r"\bboard\b", r"\bdecision[- ]maker\w*\b", r"\bprocurement\b", r"\bsign[- ]off\b",
                      r"\bapproval\b"),
    result=(r"\bprogress\w+\b", r"\bsatisfaction\b", r"\buptime\b", r"\bsaved\b", r"\bimprove\w*\b"),
    objection=(r"\btoo expensive\b", r"\bnot convinced\b", r"\bwe already have\b", r"\bbad experience\b", r"\bcheaper\b", r"\bnot sure\b",
               r"\b(?:price|pricing|increase)\b[^.]*\b(?:is|are) (?:a problem|too high)\b"),
    attachment_words=(r"(i'll )?attach\w*", "the (recording|deck|slides|case study|report)"),
    attachment_noun_words=("recording", "slides", "case study", "report"),
    vendor_speech=(
        r"\bour (solution|product|platform|tool|software|offer|module|app|pricing|implementation|onboarding|roadmap)\b",
        r"\bour (customers|clients|consultants|references)\b", r"\blet me (show|present)\b", r"\ba case study\b",
        r"\b(i'll|we'll|i will|we will|i can|we can) (send|get) (you )?(the|a|our) (revised |updated |final |new )?"
        r"(quote|proposal|contract|pricing|deck|offer|order form)\b",
        # who speaks of the other's plants, stores and board as "yours" sells to them (the mirror of the client's "our …")
        r"\byour (\w+ ){0,2}(plants?|sites|stores|suppliers|warehouses?|fleet|board|cfo|ceo|procurement|committee)\b",
        # who asks about the other's business discovers it, to sell to it
        r"\btell me (a little |a bit )?(more )?about (you|your|how you)\b", r"\bwhere you're at\b",
        r"\bwhat (are|do) you (currently )?(use|using)\b", r"\byour (current )?(process|setup|stack|volumes?|team)\b",
    ),
    client_speech=(
        # not "our team" nor "our legal": a vendor has both
        r"\bour (budget|board|company|it|cfo|ceo|fleet|stores|sites|suppliers|members|warehouse|procurement|plants?)\b",
        r"\bat our company\b", r"\bwe currently use\b", r"\bwe('re| are) a (regional|national|small|mid-sized|family)\b",
        r"\byour (solution|product|platform|tool|offer|proposal|quote|pricing|deck)\b", r"\bmy (boss|board|cfo|ceo)\b",
    ),
    teammate_before_words=(
        r"let me introduce", r"i'd like to introduce", r"(?:my|our) colleague", r"joined by", r"with me (?:also |today )?(?:is|are|today)", r"i have with me(?: also| today)?",
        r"i'll hand (?:it )?over to", r"over to you,?",
    ),
    teammate_after_words=(r",? (?:is |'s )?(?:our|my) (?!client|customer)", r" (?:is|are) with me", r"(?: to join(?: us| the call| today)?)?,? (?:who|she|he) (?:runs|leads|heads|manages) our"),
    role_words=(r"\bmanager\b", r"\bhead\b", r"\bpartner\b", r"\bvp\b", r"\bpresident\b", r"\bofficer\b", r"\bdirector\b",
                r"\baccount\b"),
    decision_roles={
        "decision_maker": (r"\bceo\b", r"\bpresident\b"),
        "buyer": (r"\bprocurement\b", r"\bcfo\b"),
        "it": (r"\bcto\b", r"\bit\b"),
        "legal": (r"\blegal\b",),
    },
    filler_words=("so", "well", "right", "okay so", "yeah", "yes", "great", "perfect", "um+", "uh+"),
    inner_filler_words=("um+", "uh+"),
    meeting_types={
        "discovery": (r"\bdiscovery\b", r"\byour needs\b", r"\bfirst (call|meeting)\b", r"\bunderstand (your|how you)\b",
                      r"\byour (current|process|challenges)\b", r"\btell me (about|more)\b", r"\bunderstand how you\b",
                      r"\bwhere it hurts\b", r"\bgo further together\b", r"\ba bit of context\b", r"\bdecision process\b",
                      r"\bhow do you \w+ today\b"),
        "demo_poc": (r"\bdemo\b", r"\bproof of concept\b", r"\btrial\b"),
        "negotiation": (r"\bdiscount\w*\b", r"\bnegotiat\w+\b", r"\bterms\b", r"\bredline\w*\b"),
        "qbr": (r"\bquarterly\b", r"\bbusiness review\b"),
        "site_visit": (r"\bsite visit\b", r"\bshop floor\b", r"\bvisit\b"),
        "renewal": (r"\brenewal\b", r"\brenew\w*\b"),
    },
    cold_call=(r"\bcould i speak (to|with)\b", r"\bcold call\b", r"\bdo you have (a|two) minutes?\b"),
    progress_report=(r"\bas (promised|agreed)\b", r"\b(i|we)('ve| have) (already )?(sent|shared|signed)\b"),
    progress_negation_words=("not yet", "still not", "haven't", "hasn't", "didn't"),
    authority=(
        r"\b(?:above|over|up to) [$€£]?\s?\d[\d,. ]*\s?(?:k|m|€|euros?|dollars?)?,? (?:i|he|she|the \w+) (?:signs?|approves?)\b",
        r"\b(?:i|he|she|the \w+) (?:signs?|approves?) (?:off )?(?:anything |everything )?(?:above|over|up to)\b",
    ),
    first_person_authority=(r"\bi (?:sign|approve|decide)\b",),
)
