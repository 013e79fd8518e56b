package synth

// The word lists a synthetic site is composed from. Every place, department and
// figure they make up is invented; the names only read like real ones so that
// pages, charts and tables are laid out as they would be for a real government.

// bureau is a kind of department that each locality has.
type bureau struct {
	slug, name, short, group, duty string
}

var bureaus = []bureau{
	{"development-reform", "发展和改革局", "发改局", "economic", "负责国民经济和社会发展规划、重大项目统筹和价格管理"},
	{"industry-it", "工业和信息化局", "工信局", "economic", "负责工业经济运行、产业升级和信息化建设"},
	{"commerce", "商务局", "商务局", "economic", "负责内外贸易、利用外资和口岸开放"},
	{"agriculture", "农业农村局", "农业局", "economic", "负责粮食生产、农村改革和农产品质量安全"},
	{"finance", "财政局", "财政局", "economic", "负责财政收支、预算管理和政府债务管理"},
	{"investment", "投资促进局", "投促局", "economic", "负责招商引资、重大项目洽谈和营商环境宣传"},
	{"state-assets", "国有资产监督管理委员会", "国资委", "economic", "负责国有企业监管、国有资本布局和改革"},
	{"culture-tourism", "文化广电旅游局", "文旅局", "economic", "负责公共文化服务、旅游市场和文物保护"},
	{"education", "教育局", "教育局", "social", "负责基础教育、职业教育和学校安全"},
	{"health", "卫生健康委员会", "卫健委", "social", "负责医疗卫生服务、公共卫生和妇幼健康"},
	{"civil-affairs", "民政局", "民政局", "social", "负责社会救助、养老服务和社区治理"},
	{"human-resources", "人力资源和社会保障局", "人社局", "social", "负责就业创业、社会保险和劳动关系"},
	{"healthcare-security", "医疗保障局", "医保局", "social", "负责医保基金管理、医药价格和招标采购"},
	{"veterans", "退役军人事务局", "退役军人局", "social", "负责退役军人安置、优抚和权益维护"},
	{"sports", "体育局", "体育局", "social", "负责全民健身、竞技体育和体育产业"},
	{"housing", "住房和城乡建设局", "住建局", "urban", "负责住房保障、建筑市场和城镇老旧小区改造"},
	{"transport", "交通运输局", "交通局", "urban", "负责公路建设、公共交通和道路运输管理"},
	{"urban-management", "城市管理局", "城管局", "urban", "负责市容环境、市政设施和城市管理综合执法"},
	{"water", "水利局", "水利局", "urban", "负责水资源管理、防汛抗旱和农村供水"},
	{"natural-resources", "自然资源和规划局", "自然资源局", "resources", "负责国土空间规划、土地供应和不动产登记"},
	{"ecology-environment", "生态环境局", "生态环境局", "resources", "负责大气、水和土壤污染防治及环境执法"},
	{"forestry", "林业局", "林业局", "resources", "负责森林资源保护、国土绿化和森林防火"},
	{"market-regulation", "市场监督管理局", "市场监管局", "regulation", "负责市场主体登记、食品药品安全和产品质量监管"},
	{"emergency", "应急管理局", "应急局", "regulation", "负责安全生产监管、应急救援和防灾减灾"},
	{"audit", "审计局", "审计局", "regulation", "负责预算执行审计、经济责任审计和审计整改督促"},
	{"admin-approval", "行政审批服务局", "审批局", "regulation", "负责行政许可集中审批和政务服务中心运行"},
	{"government-office", "人民政府办公室", "政府办", "governance", "负责政务运转、督查督办和政务公开"},
	{"justice", "司法局", "司法局", "governance", "负责法治政府建设、行政复议和公共法律服务"},
	{"public-security", "公安局", "公安局", "governance", "负责社会治安、户籍管理和交通安全"},
	{"petition", "信访局", "信访局", "governance", "负责群众来信来访办理和矛盾纠纷化解"},
	{"data-bureau", "大数据管理局", "数据局", "governance", "负责政务数据共享、数字政府建设和网络安全"},
	{"archives", "档案馆", "档案馆", "governance", "负责档案收集、保管和开放利用"},
	{"taxation", "税务局", "税务局", "vertical", "负责税费征收管理和纳税服务"},
	{"meteorology", "气象局", "气象局", "vertical", "负责天气预报预警、气候监测和人工影响天气"},
	{"survey-team", "国家统计局调查队", "调查队", "vertical", "负责住户、价格和农业等国家统计调查"},
	{"post", "邮政管理局", "邮政局", "vertical", "负责邮政普遍服务和快递市场监管"},
}

// groups are the ranking groups, in the order departments.toml lists them.
var groups = []struct {
	id, name string
	ranked   bool
}{
	{"economic", "经济发展类", true},
	{"social", "社会民生类", true},
	{"urban", "城乡建设类", true},
	{"resources", "资源环境类", true},
	{"regulation", "执法监管类", true},
	{"governance", "党政综合类", true},
	{"county", "区县综合类", true},
	{"vertical", "垂直管理单位（单列）", false},
}

// The city whose departments come first, and the places below it.
const (
	cityName = "云州市"
	citySlug = "yunzhou"
)

var placeNames = []struct{ slug, name string }{
	{"qingshan", "青山"}, {"donghu", "东湖"}, {"linjiang", "临江"}, {"baishui", "白水"}, {"yunling", "云岭"},
	{"songlin", "松林"}, {"shimen", "石门"}, {"qinghe", "清河"}, {"longquan", "龙泉"}, {"jinsha", "金沙"},
	{"taoyuan", "桃源"}, {"anping", "安平"}, {"yongning", "永宁"}, {"changle", "长乐"}, {"pingyang", "平阳"},
	{"fengcheng", "丰城"}, {"nanping", "南屏"}, {"beichuan", "北川"}, {"xiling", "西岭"}, {"fenghuang", "凤凰"},
	{"liuxi", "柳溪"}, {"meiling", "梅岭"}, {"lanxi", "兰溪"}, {"zhushan", "竹山"}, {"gucheng", "古城"},
	{"xinqiao", "新桥"}, {"hongyan", "红岩"}, {"yuquan", "玉泉"}, {"tianhe", "天河"}, {"wangjiang", "望江"},
	{"baoshan", "宝山"}, {"huayang", "华阳"}, {"minghu", "明湖"}, {"ningyuan", "宁远"}, {"taihe", "泰和"},
	{"guangan", "广安"}, {"dexing", "德兴"}, {"heshan", "鹤山"}, {"jingan", "靖安"}, {"longmen", "龙门"},
	{"qingyuan", "庆元"}, {"shuangfeng", "双峰"}, {"dachuan", "大川"}, {"yinhu", "银湖"}, {"cuiping", "翠屏"},
	{"shahe", "沙河"}, {"huangshi", "黄石"}, {"fengqiao", "枫桥"}, {"liantang", "莲塘"}, {"xinglin", "杏林"},
	{"qingxi", "青溪"}, {"yunxi", "云溪"}, {"bishui", "碧水"}, {"luming", "鹿鸣"}, {"xingsha", "星沙"},
	{"chaoyang", "朝阳"}, {"jinxiu", "锦绣"}, {"hengshan", "衡山"}, {"wuyi", "武夷"}, {"lushan", "庐山"},
}

var placeKinds = []struct{ slug, name string }{{"qu", "区"}, {"xian", "县"}, {"shi", "市"}}

// The four balanced-scorecard dimensions of every scheme.
var dimensions = []struct{ id, name, description string }{
	{"public", "服务对象", "群众和企业能感受到的服务结果与满意度。"},
	{"finance", "财务预算", "预算执行、资金绩效和财经纪律。"},
	{"process", "内部流程", "履职效率、依法行政和工作质量。"},
	{"learning", "学习与成长", "队伍建设、数字化能力和改革创新。"},
}

// variant is a scoring method with the inputs that make it one case of SPEC §7.
type variant int

const (
	ratioHigher variant = iota
	ratioLower
	linearLo
	bandsHigher
	bandsLower
	passTarget
	passAchieved
	deductEvents
	ratingSurvey
	manualScore
	variants // how many there are
)

// template is a department's own indicator before it is given points and values.
// Numbers are in tenths: 975 is 97.5.
type template struct {
	slug, name, unit, dim string
	v                     variant
	target, floor         int      // tenths
	bands                 [][2]int // threshold in tenths, fraction in hundredths
	lo                    int      // hundredths
	source, definition    string
}

var templates = []template{
	{slug: "online-service", name: "政务服务事项“一网通办”率", unit: "%", dim: "process", v: ratioHigher, target: 950, source: "政务服务网统计平台", definition: "全程网办事项数 ÷ 依申请政务服务事项总数 × 100%。"},
	{slug: "key-projects", name: "重点项目年度投资完成率", unit: "%", dim: "finance", v: ratioHigher, target: 1000, source: "重点项目调度系统", definition: "重点项目年度完成投资 ÷ 年度计划投资 × 100%。"},
	{slug: "food-sampling", name: "食品抽检合格率", unit: "%", dim: "public", v: ratioHigher, target: 980, source: "国家食品安全抽样检验信息系统", definition: "监督抽检合格批次 ÷ 抽检总批次 × 100%。"},
	{slug: "permit-ontime", name: "行政许可按时办结率", unit: "%", dim: "process", v: ratioHigher, target: 990, source: "一体化政务服务平台", definition: "按时办结件数 ÷ 办结件数 × 100%。"},
	{slug: "new-jobs", name: "城镇新增就业人数", unit: "人", dim: "public", v: ratioHigher, target: 52000, source: "就业登记信息系统", definition: "年度城镇新增就业实名登记人数。"},
	{slug: "school-places", name: "新增公办学位", unit: "个", dim: "public", v: ratioHigher, target: 30000, source: "学位建设台账", definition: "年度新建、改扩建学校新增的公办学位数。"},
	{slug: "data-sharing", name: "政务数据共享目录挂接率", unit: "%", dim: "learning", v: ratioHigher, target: 900, source: "公共数据平台", definition: "已挂接数据资源的目录数 ÷ 目录总数 × 100%。"},
	{slug: "startup-days", name: "企业开办平均用时", unit: "工作日", dim: "process", v: ratioLower, target: 10, source: "政务服务中心审批系统", definition: "从申请营业执照到完成涉税事项办理的平均工作日。"},
	{slug: "credit-repair", name: "信用修复平均办理时长", unit: "工作日", dim: "process", v: ratioLower, target: 30, source: "信用信息共享平台", definition: "受理信用修复申请到办结的平均工作日。"},
	{slug: "complaint-response", name: "投诉平均响应时长", unit: "小时", dim: "public", v: ratioLower, target: 240, source: "12345热线系统", definition: "工单派发到首次联系诉求人的平均小时数。"},
	{slug: "approval-days", name: "工程建设项目审批平均用时", unit: "工作日", dim: "process", v: ratioLower, target: 400, source: "工程建设项目审批管理系统", definition: "立项到施工许可的全流程平均工作日。"},
	{slug: "waiting-minutes", name: "门诊平均候诊时间", unit: "分钟", dim: "public", v: ratioLower, target: 200, source: "全民健康信息平台", definition: "挂号到就诊的平均分钟数。"},
	{slug: "policy-funds", name: "惠企政策资金按时兑付率", unit: "%", dim: "finance", v: linearLo, target: 1000, floor: 600, lo: 60, source: "惠企政策“免申即享”平台", definition: "功效系数法：100% 满分，60% 及以下不得分，其间按 60%–100% 线性得分。"},
	{slug: "arrears-clearance", name: "拖欠中小企业账款清偿率", unit: "%", dim: "finance", v: linearLo, target: 1000, floor: 700, lo: 50, source: "清欠工作台账", definition: "功效系数法：100% 满分，70% 及以下不得分。"},
	{slug: "good-air-days", name: "空气质量优良天数比率", unit: "%", dim: "public", v: linearLo, target: 900, floor: 750, lo: 60, source: "环境空气质量监测网", definition: "优良天数 ÷ 有效监测天数 × 100%，按功效系数法计分。"},
	{slug: "pm25", name: "PM2.5年均浓度", unit: "微克/立方米", dim: "public", v: linearLo, target: 300, floor: 450, lo: 50, source: "环境空气质量监测网", definition: "越低越好：30 及以下满分，45 及以上不得分，其间线性计分。"},
	{slug: "complaint-ontime", name: "投诉举报按时办结率", unit: "%", dim: "public", v: bandsHigher, target: 970, bands: [][2]int{{850, 60}, {920, 80}, {970, 100}}, source: "全国12315平台", definition: "分档计分：≥97% 满分，≥92% 得 80%，≥85% 得 60%。"},
	{slug: "proposal-satisfaction", name: "建议提案办复满意率", unit: "%", dim: "public", v: bandsHigher, target: 950, bands: [][2]int{{800, 60}, {900, 80}, {950, 100}}, source: "建议提案办理系统", definition: "分档计分：≥95% 满分，≥90% 得 80%，≥80% 得 60%。"},
	{slug: "case-closure", name: "案件按期结案率", unit: "%", dim: "process", v: bandsHigher, target: 980, bands: [][2]int{{900, 50}, {950, 80}, {980, 100}}, source: "行政执法监督平台", definition: "分档计分：≥98% 满分，≥95% 得 80%，≥90% 得 50%。"},
	{slug: "reconsideration-error", name: "行政复议纠错率", unit: "%", dim: "process", v: bandsLower, target: 20, bands: [][2]int{{20, 100}, {50, 80}, {100, 50}}, source: "行政复议案件管理系统", definition: "分档计分（越低越好）：≤2% 满分，≤5% 得 80%，≤10% 得 50%。"},
	{slug: "repeat-complaints", name: "重复投诉率", unit: "%", dim: "public", v: bandsLower, target: 30, bands: [][2]int{{30, 100}, {60, 80}, {100, 50}}, source: "12345热线系统", definition: "分档计分（越低越好）：≤3% 满分，≤6% 得 80%，≤10% 得 50%。"},
	{slug: "maternal-mortality", name: "孕产妇死亡率", unit: "/10万", dim: "public", v: bandsLower, target: 80, bands: [][2]int{{80, 100}, {120, 80}, {160, 50}}, source: "妇幼卫生监测系统", definition: "分档计分（越低越好）：≤8/10万 满分，≤12/10万 得 80%。"},
	{slug: "livelihood-projects", name: "民生实事项目按期完成率", unit: "%", dim: "public", v: passTarget, target: 1000, source: "民生实事项目督办系统", definition: "牵头的民生实事项目全部按期完成得满分，否则不得分。"},
	{slug: "inspection-rectified", name: "巡察反馈问题整改完成率", unit: "%", dim: "learning", v: passTarget, target: 1000, source: "巡察整改台账", definition: "全部按期整改到位得满分。"},
	{slug: "emergency-drills", name: "应急预案演练次数", unit: "次", dim: "process", v: passTarget, target: 40, source: "应急演练台账", definition: "全年组织综合或专项演练不少于 4 次得满分。"},
	{slug: "reform-task", name: "年度重点改革任务", dim: "learning", v: passAchieved, source: "改革任务督办台账", definition: "按期完成年度改革任务清单所列事项得满分。"},
	{slug: "rule-of-law-model", name: "法治政府建设示范创建", dim: "process", v: passAchieved, source: "法治政府建设考评", definition: "通过上级验收得满分，未通过得一半分值。"},
	{slug: "smart-platform", name: "智慧监管平台上线运行", dim: "learning", v: passAchieved, source: "信息化项目验收材料", definition: "平台按期上线并通过验收得满分。"},
	{slug: "safety-accidents", name: "较大及以上生产安全事故", unit: "起", dim: "process", v: deductEvents, source: "安全生产事故统计系统", definition: "每发生 1 起扣 2 分，扣完为止。"},
	{slug: "negative-notices", name: "被上级通报批评", unit: "次", dim: "learning", v: deductEvents, source: "督查通报汇编", definition: "每被通报批评 1 次扣 1 分，扣完为止。"},
	{slug: "food-incidents", name: "较大食品安全事件", unit: "起", dim: "public", v: deductEvents, source: "食品安全事件报告系统", definition: "每发生 1 起扣 2 分，扣完为止。"},
	{slug: "satisfaction", name: "服务对象满意度", unit: "分", dim: "public", v: ratingSurvey, source: "第三方满意度调查", definition: "百分制满意度得分，得分率 = 得分 ÷ 100。"},
	{slug: "business-satisfaction", name: "市场主体满意度", unit: "分", dim: "public", v: ratingSurvey, source: "营商环境评价", definition: "百分制满意度得分，得分率 = 得分 ÷ 100。"},
	{slug: "staff-satisfaction", name: "干部职工满意度测评", unit: "分", dim: "learning", v: ratingSurvey, source: "年度民主测评", definition: "百分制测评得分，得分率 = 得分 ÷ 100。"},
	{slug: "digital-eval", name: "数字化转型工作评价", unit: "分", dim: "learning", v: manualScore, source: "考评办专家组评审", definition: "专家组按评价细则打分。"},
	{slug: "innovation-eval", name: "改革创新工作评价", unit: "分", dim: "learning", v: manualScore, source: "考评办专家组评审", definition: "专家组按创新案例评审办法打分。"},
	{slug: "team-eval", name: "队伍建设综合评价", unit: "分", dim: "learning", v: manualScore, source: "组织部门年度考核", definition: "按队伍建设考核细则综合评定。"},
}

// qualifiers tell apart two own indicators made from one template.
var qualifiers = []string{"城区", "农村地区", "重点行业", "新建项目", "基层站所", "窗口单位", "园区", "重点人群"}

var surveyMethods = []string{"短信随机抽样", "电话随机访问", "入户问卷调查", "线上问卷与线下访谈结合"}

var surveyors = []string{"第三方调查机构（示例）", "统计局社情民意调查中心", "高校调查研究中心（示例）"}

var assessors = []string{"考评办", "考评办专家组", "财政局", "组织部", "政府督查室", "统计局"}

var bonusReasons = []string{
	"改革经验获省级推广", "获评全省营商环境创新示范案例", "承办全国现场会并作经验交流",
	"工作获国务院督查激励", "获评省级文明单位", "数字化改革案例入选全省最佳实践",
}

var penaltyReasons = []string{
	"审计发现专项资金管理不规范", "信息报送迟报漏报被通报", "环保督察反馈问题整改不到位",
	"政务公开评估发现栏目长期未更新", "信访事项办理超期被通报",
}

var vetoReasons = map[string]string{
	"work-safety": "辖区内发生较大生产安全责任事故",
	"data-fraud":  "统计数据弄虚作假经查属实",
}

var actions = []string{
	"建立问题清单和责任清单，按月调度、逐项销号",
	"优化办理流程，压缩审批环节，推行容缺受理",
	"加强数据质量核查，建立月度比对和通报机制",
	"开展专项培训，完善内部考核办法",
	"联合属地镇街开展集中攻坚，逐户逐项跟踪",
}

var owners = []string{"办公室", "政策法规科", "综合业务科", "监督检查科", "财务审计科", "信息中心"}

var changeReasons = []string{
	"上级调整统计口径，原目标口径不可比",
	"省定任务扩围，目标相应调增",
	"重大项目延期开工，经批准调减目标",
}

// Sentences of narrative pages; %s is a department or cycle name.
var openings = []string{
	"%s本年度各项工作总体平稳，多数指标达到或接近目标。",
	"%s全年围绕中心工作推进重点任务，服务对象满意度稳中有升。",
	"%s本年度在改革创新方面亮点较多，但部分指标仍有差距。",
}

var middles = []string{
	"季度进展显示，上半年进度偏慢，三季度起明显加快。",
	"预算执行总体符合序时进度，结转结余率较上年下降。",
	"个别指标因统计口径调整经批准变更了目标，变更情况在记分卡中公开。",
	"满意度调查样本量充足，结果与上年基本可比。",
	"整改事项已逐项明确责任单位和完成时限，完成情况按季度更新。",
}

var judgements = []string{
	"主要工作按计划推进，个别事项成效尚待显现",
	"制度建设完整，基层落实情况参差不齐",
	"创新做法获上级肯定，推广范围仍然有限",
	"平台建设按期完成，数据质量有待提高",
}
